// The page's calls to the local stack's POST /admin: every CONNECTED connection, read page by page
// (`get_all_connections`), bounded to `maxPages` pages, grouped by tenant; one user's connections; a
// publish; closing a connection from the server's side.

export interface ConnectionRow {
  connectionId: string;
  userId: string;
  tenantId: string;
  connectedAt: number;
  lastActiveAt: number;
}

export interface ConnectionListing {
  connections: ConnectionRow[];
  /** More connections exist than the pages read. */
  truncated: boolean;
}

export interface ListingOptions {
  pageSize: number;
  maxPages: number;
  signal?: AbortSignal;
}

interface AdminPage {
  connections: ConnectionRow[];
  nextToken?: string;
}

export async function listConnections(fetchFn: typeof fetch, { pageSize, maxPages, signal }: ListingOptions): Promise<ConnectionListing> {
  const connections: ConnectionRow[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const event = nextToken === undefined ? { action: 'get_all_connections', limit: pageSize } : { action: 'get_all_connections', limit: pageSize, nextToken };
    const body = await invokeAdmin(fetchFn, event, signal);
    connections.push(...body.connections);
    nextToken = body.nextToken;
    if (nextToken === undefined) return { connections, truncated: false };
  }
  return { connections, truncated: true };
}

async function invokeAdmin(fetchFn: typeof fetch, event: object, signal: AbortSignal | undefined): Promise<AdminPage> {
  const body = (await postAdmin(fetchFn, event, signal)) as Partial<AdminPage> | undefined;
  if (!body || !Array.isArray(body.connections)) throw new Error('The admin endpoint answered without a connection list');
  return { connections: body.connections.filter(isConnectionRow), nextToken: typeof body.nextToken === 'string' ? body.nextToken : undefined };
}

/** POSTs an admin event; resolves with the Lambda's `body`, or rejects with its message. */
async function postAdmin(fetchFn: typeof fetch, event: object, signal: AbortSignal | undefined): Promise<unknown> {
  const response = await fetchFn('/admin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event), signal });
  const answer = (await response.json().catch(() => undefined)) as { body?: { message?: unknown } } | undefined;
  if (!response.ok) {
    const message = typeof answer?.body?.message === 'string' ? answer.body.message : `HTTP ${response.status}`;
    throw new Error(`The admin endpoint answered ${response.status}: ${message}`);
  }
  return answer?.body;
}

export interface PublishOutcome {
  sent: number;
  seq?: number;
}

/** Publishes `data` to a topic of a tenant (stored with the topic's next seq). */
export async function publishToTopic(fetchFn: typeof fetch, tenantId: string, topic: string, data: unknown, signal?: AbortSignal): Promise<PublishOutcome> {
  const body = (await postAdmin(fetchFn, { action: 'publish', tenantId, topic, data }, signal)) as Partial<PublishOutcome> | undefined;
  if (typeof body?.sent !== 'number') throw new Error('The admin endpoint answered without a publish outcome');
  return { sent: body.sent, seq: typeof body.seq === 'number' ? body.seq : undefined };
}

/** Closes every open connection of a user of a tenant from the server's side, as API Gateway's DELETE does; resolves with how many. */
export async function closeUserConnections(fetchFn: typeof fetch, userId: string, tenantId: string, signal?: AbortSignal): Promise<number> {
  const body = (await postAdmin(fetchFn, { action: 'get_user_connections', userId }, signal)) as Partial<AdminPage> | undefined;
  const rows = (Array.isArray(body?.connections) ? body.connections : []).filter(isConnectionRow).filter((row) => row.tenantId === tenantId);
  for (const row of rows) await postAdmin(fetchFn, { action: 'disconnect_connection', connectionId: row.connectionId }, signal);
  return rows.length;
}

function isConnectionRow(value: unknown): value is ConnectionRow {
  const row = value as Partial<Record<keyof ConnectionRow, unknown>> | null;
  return (
    typeof row?.connectionId === 'string' &&
    typeof row.userId === 'string' &&
    typeof row.tenantId === 'string' &&
    typeof row.connectedAt === 'number' &&
    typeof row.lastActiveAt === 'number'
  );
}

/** Tenants in name order, each with its connections oldest first. */
export function groupByTenant(rows: readonly ConnectionRow[]): [tenant: string, rows: ConnectionRow[]][] {
  const groups = new Map<string, ConnectionRow[]>();
  for (const row of rows) groups.set(row.tenantId, [...(groups.get(row.tenantId) ?? []), row]);
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tenant, list]) => [tenant, list.sort((a, b) => a.connectedAt - b.connectedAt || a.connectionId.localeCompare(b.connectionId))]);
}
