import { InvalidInputError, ItemNotFoundError } from '../errors';
import { disconnectedTtl } from '../lifecycle';
import type {
  ActivityCursor,
  ActivityEntry,
  ActivityPage,
  Admission,
  ConnectionRecord,
  ConnectionStatus,
  ConnectionStore,
  Disconnection,
  MarkDisconnectedOptions,
  Page,
  TokenBucket,
} from '../model';
import { createPageTokenCodec } from '../page-token';
import { activeSince, assertBucket, assertPageLimit, MAX_PAGE_LIMIT, takeAt } from '../records';
import { connectedShardOf } from '../tables';
import { type InMemoryStoreOptions, pagedFrom, pagesFrom } from './in-memory-options';

/** In-memory ConnectionStore with the same semantics and errors as the DynamoDB one. */
export class InMemoryConnectionStore implements ConnectionStore {
  private readonly items = new Map<string, ConnectionRecord>();
  /** Each connection's token-bucket TAT in epoch microseconds (see records.ts). */
  private readonly buckets = new Map<string, number>();
  /** The topics each connection's item lists (kept by InMemorySubscriptionStore, as on the DynamoDB item). */
  private readonly topics = new Map<string, Set<string>>();
  private readonly clock: () => number;
  private cleanupCursor: ActivityCursor | undefined;
  private readonly tokens = createPageTokenCodec({ secret: 'in-memory', scope: 'connections', keyNames: ['connectionId'] });

  constructor(options: InMemoryStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  async put(connection: ConnectionRecord): Promise<void> {
    this.items.set(connection.connectionId, structuredClone(connection));
    this.buckets.delete(connection.connectionId);
    this.topics.delete(connection.connectionId);
  }

  async get(connectionId: string): Promise<ConnectionRecord | undefined> {
    const item = this.items.get(connectionId);
    return item && structuredClone(item);
  }

  async touch(connectionId: string, at: number = this.clock()): Promise<void> {
    const item = this.items.get(connectionId);
    if (item) item.lastActiveAt = at;
  }

  async markDisconnected(connectionId: string, options: MarkDisconnectedOptions = {}): Promise<Disconnection | undefined> {
    const item = this.items.get(connectionId);
    if (!item || activeSince(item, options.ifInactiveSince)) return undefined;
    const topics = [...(this.topics.get(connectionId) ?? [])];
    if (item.status === 'CONNECTED') {
      const at = options.at ?? this.clock();
      Object.assign(item, { status: 'DISCONNECTED', disconnectedAt: at, ttl: options.ttl ?? disconnectedTtl(at) });
      this.topics.delete(connectionId);
    }
    return { connection: structuredClone(item), topics };
  }

  async updateStatus(connectionId: string, status: ConnectionStatus): Promise<ConnectionRecord> {
    const item = this.items.get(connectionId);
    if (!item) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
    item.status = status;
    return structuredClone(item);
  }

  async delete(connectionId: string): Promise<void> {
    this.items.delete(connectionId);
    this.buckets.delete(connectionId);
    this.topics.delete(connectionId);
  }

  byUser(userId: string, options: { pageSize?: number; tenantId?: string } = {}): AsyncIterable<ConnectionRecord> {
    const { tenantId, ...paging } = options;
    const mine = (c: ConnectionRecord) => c.userId === userId && (tenantId === undefined || c.tenantId === tenantId);
    return pagedFrom(this.connected().filter(mine), paging);
  }

  byTenant(tenantId: string, options?: { pageSize?: number }): AsyncIterable<ConnectionRecord> {
    return pagedFrom(this.connected().filter((c) => c.tenantId === tenantId), options);
  }

  connectedIds(scope: { tenantId: string; userId?: string }, options?: { pageSize?: number }): AsyncIterable<readonly string[]> {
    const { tenantId, userId } = scope;
    const mine = (c: ConnectionRecord) => c.tenantId === tenantId && (userId === undefined || c.userId === userId);
    return pagesFrom(this.connected().filter(mine).map((c) => c.connectionId), options);
  }

  async page(options: { limit: number; nextToken?: string }): Promise<Page<ConnectionRecord>> {
    assertPageLimit(options.limit, MAX_PAGE_LIMIT);
    const after = options.nextToken === undefined ? undefined : this.tokens.decode(options.nextToken)['connectionId'];
    const rest = this.connected()
      .filter((c) => after === undefined || c.connectionId > after)
      .sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1));
    const items = rest.slice(0, options.limit).map((c) => structuredClone(c));
    const last = items[items.length - 1];
    const more = rest.length > options.limit && last !== undefined;
    return more ? { items, nextToken: this.tokens.encode({ connectionId: last.connectionId }) } : { items };
  }

  /** The activity index's order: shard, then lastActiveAt, then connection id; strictly after `after`. */
  async activityPage(options: { after?: ActivityCursor; limit: number }): Promise<ActivityPage> {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new InvalidInputError(`limit must be a positive integer, got ${options.limit}`);
    const { after } = options;
    const start: ActivityKey = after === undefined ? [-1, 0, ''] : [after.shard, after.last?.lastActiveAt ?? -Infinity, after.last?.connectionId ?? ''];
    const rest = this.connected()
      .map(({ connectionId, lastActiveAt, tenantId }) => ({ key: [connectedShardOf(connectionId), lastActiveAt, connectionId] as const, entry: { connectionId, lastActiveAt, tenantId } }))
      .filter(({ key }) => compareKeys(key, start) > 0)
      .sort((a, b) => compareKeys(a.key, b.key));
    const page = rest.slice(0, options.limit);
    const items: ActivityEntry[] = page.map(({ entry }) => entry);
    const last = page[page.length - 1];
    if (rest.length <= options.limit || last === undefined) return { items };
    return { items, next: { shard: last.key[0], last: { connectionId: last.entry.connectionId, lastActiveAt: last.entry.lastActiveAt } } };
  }

  async loadCleanupCursor(): Promise<ActivityCursor | undefined> {
    return this.cleanupCursor && structuredClone(this.cleanupCursor);
  }

  async saveCleanupCursor(cursor: ActivityCursor | undefined): Promise<void> {
    this.cleanupCursor = cursor && structuredClone(cursor);
  }

  async admit(connectionId: string, bucket: TokenBucket, now: number = this.clock()): Promise<Admission> {
    assertBucket(bucket);
    const item = this.items.get(connectionId);
    if (!item) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
    if (item.status !== 'CONNECTED') return { connection: structuredClone(item), decision: { allowed: false, retryAfterMs: 0 } };
    const outcome = takeAt(this.buckets.get(connectionId), bucket, now);
    if (outcome.nextTatUs !== undefined) this.buckets.set(connectionId, outcome.nextTatUs);
    return { connection: structuredClone(item), decision: outcome.decision };
  }

  /** The subscription store's write of a topic onto the connection's item: ignored when the item is gone. */
  listTopic(connectionId: string, topic: string, listed: boolean): void {
    if (!this.items.has(connectionId)) return;
    const topics = this.topics.get(connectionId) ?? new Set<string>();
    if (listed) topics.add(topic);
    else topics.delete(topic);
    if (topics.size > 0) this.topics.set(connectionId, topics);
    else this.topics.delete(connectionId);
  }

  private connected(): ConnectionRecord[] {
    return [...this.items.values()].filter((c) => c.status === 'CONNECTED');
  }
}

/** A position in the activity index: shard, lastActiveAt, connection id. */
type ActivityKey = readonly [number, number, string];

function compareKeys(a: ActivityKey, b: ActivityKey): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] !== b[1]) return a[1] - b[1];
  return a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0;
}
