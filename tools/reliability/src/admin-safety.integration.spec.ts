// Scenario 7 — admin safety. The admin Lambda is not reachable from the WebSocket API: a frame naming
// any admin action (with the parameters that would do harm) is an unknown action to the router, and
// nothing changes — the victim's socket stays open and CONNECTED, no DELETE reaches the management API.
// Through the stack's `POST /admin` (the direct invoke), every bad input — ids outside the charset or
// too long, limits out of range, forged or oversized page tokens, unknown parameters and actions,
// bodies that are not a JSON object — is a 400 with a message, before anything is read or changed.
import type { LocalStack } from '@streamer/local-stack';
import { userConnections } from '@streamer/local-stack/testing';
import { recordOutcome } from './test-support/outcomes';
import { startStack } from './test-support/stack';
import { Tables } from './test-support/tables';
import { WireClient } from './test-support/wire-client';

const ADMIN_ACTIONS = ['get_user_connections', 'get_all_connections', 'get_tenant_connections', 'update_connection_status', 'disconnect_connection', 'cleanup_stale_connections'];
const TENANT = 'tenant-admin';

let stack: LocalStack;
let tables: Tables;
const sockets: WireClient[] = [];
let victim: { socket: WireClient; connectionId: string };
const tally = { framesWithAdminActions: 0, refusedFrames: 0, adminInputsRejected: 0, byStatus: {} as Record<number, number> };

beforeAll(async () => {
  stack = await startStack();
  tables = new Tables(stack);
  for (const user of ['victim', 'attacker', 'bystander']) sockets.push(await WireClient.open(stack.wsUrl, await stack.token(user, TENANT)));
  const [connection] = await userConnections(stack, 'victim');
  victim = { socket: sockets[0] as WireClient, connectionId: connection?.connectionId as string };
});

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.close()));
  tables?.close();
  await stack?.stop();
  recordOutcome('admin-safety', tally);
});

async function connectionStates(): Promise<Record<string, string>> {
  return Object.fromEntries((await tables.scan('connections')).map((c) => [c['connectionId'] as string, c['status'] as string]));
}

async function postAdmin(body: string): Promise<{ status: number; json: { statusCode: number; body: { code?: string; message?: string } } }> {
  const answer = await fetch(stack.adminUrl, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: answer.status, json: (await answer.json()) as { statusCode: number; body: { code?: string; message?: string } } };
}

describe('the admin actions over the WebSocket API', () => {
  it('are unknown actions to the router, and change nothing', async () => {
    const attacker = sockets[1] as WireClient;
    const before = await connectionStates();
    const deletesBefore = stack.managementStats().calls.DELETE;
    const harmful = { connectionId: victim.connectionId, status: 'DISCONNECTED', userId: 'victim', tenantId: TENANT, limit: 1000 };

    for (const action of ADMIN_ACTIONS) {
      tally.framesWithAdminActions += 1;
      const reply = await attacker.call({ id: `adm-${action}`, action, payload: harmful });
      expect(reply).toEqual({ id: `adm-${action}`, type: 'error', success: false, error: { code: 'INVALID_REQUEST', message: `Unknown action "${action}"`, retryable: false } });
      tally.refusedFrames += 1;
    }
    // Frames shaped like the admin Lambda's own events (no correlation id) and an EventBridge event.
    for (const frame of [{ action: 'disconnect_connection', connectionId: victim.connectionId }, { action: 'cleanup_stale_connections', source: 'aws.events', 'detail-type': 'Scheduled Event' }]) {
      tally.framesWithAdminActions += 1;
      const from = attacker.received.length;
      attacker.send(frame);
      const reply = await attacker.next(() => true, 'the reply to an admin-shaped frame', 15_000, from);
      expect(reply).toMatchObject({ id: null, type: 'error', error: { code: 'INVALID_REQUEST' } });
      tally.refusedFrames += 1;
    }

    await expect(victim.socket.call({ id: 'still-here', action: 'ping' })).resolves.toEqual({ id: 'still-here', type: 'pong' });
    expect(await connectionStates()).toEqual(before);
    expect(stack.managementStats().calls.DELETE).toBe(deletesBefore);
  });
});

describe('POST /admin input validation', () => {
  const longId = 'x'.repeat(257);
  const badIds: unknown[] = ['', longId, 42, null, true, 'has space', '<script>', 'tenant#1', 'ümlaut', '..\\..', ['victim']];
  const badLimits: unknown[] = [0, -1, 1.5, 1001, 1e9, Number.MAX_SAFE_INTEGER, '10', null, true];

  async function forgedTokens(): Promise<string[]> {
    const page = await postAdmin(JSON.stringify({ action: 'get_all_connections', limit: 1 }));
    const real = (page.json.body as { nextToken?: string }).nextToken as string;
    expect(typeof real).toBe('string');
    const flipped = `${real.slice(0, -2)}${real.at(-2) === 'A' ? 'B' : 'A'}${real.at(-1)}`;
    const [payload, signature] = real.split('.');
    const reencoded = Buffer.from(JSON.stringify({ connectionId: 'someone-else' })).toString('base64url');
    return [
      flipped,
      `${reencoded}.${signature}`,
      `${payload}.`,
      `${real}A`,
      Buffer.from(JSON.stringify({ connectionId: victim.connectionId })).toString('base64url'),
      'eyJrIjoxfQ.forged',
      'x'.repeat(3_000),
    ];
  }

  it('lists page by page with a real token (the control)', async () => {
    const first = await postAdmin(JSON.stringify({ action: 'get_all_connections', limit: 2 }));
    expect(first.status).toBe(200);
    const nextToken = (first.json.body as { nextToken?: string }).nextToken;
    const second = await postAdmin(JSON.stringify({ action: 'get_all_connections', limit: 2, nextToken }));
    expect(second.status).toBe(200);
  });

  it('answers every bad id, limit, page token, parameter, action and body with 400 and changes nothing', async () => {
    const before = await connectionStates();
    const events: unknown[] = [
      ...badIds.flatMap((id) => [
        { action: 'get_user_connections', userId: id },
        { action: 'get_tenant_connections', tenantId: id },
        { action: 'update_connection_status', connectionId: id, status: 'DISCONNECTED' },
        { action: 'disconnect_connection', connectionId: id },
      ]),
      ...badLimits.map((limit) => ({ action: 'get_all_connections', limit })),
      ...(await forgedTokens()).map((nextToken) => ({ action: 'get_all_connections', limit: 10, nextToken })),
      { action: 'get_all_connections', nextToken: '' },
      { action: 'get_all_connections', nextToken: 123 },
      { action: 'update_connection_status', connectionId: victim.connectionId, status: 'GONE' },
      { action: 'disconnect_connection', connectionId: victim.connectionId, force: true },
      { action: 'get_user_connections', userId: 'victim', next_token: 'x' },
      { action: 'drop_all_tables' },
      { action: 42 },
      {},
      [],
      'cleanup_stale_connections',
      null,
    ];
    for (const event of events) {
      const { status, json } = await postAdmin(JSON.stringify(event));
      tally.byStatus[status] = (tally.byStatus[status] ?? 0) + 1;
      expect({ event, status, json }).toEqual({ event, status: 400, json: { statusCode: 400, body: { code: 'INVALID_INPUT', message: expect.any(String) } } });
      expect(JSON.stringify(json)).not.toMatch(/streamer-local-|\n\s+at |DynamoDB/);
      tally.adminInputsRejected += 1;
    }
    const notJson = await postAdmin('{"action": "get_all_connections",');
    expect(notJson.status).toBe(400);
    const tooLarge = await fetch(stack.adminUrl, { method: 'POST', body: JSON.stringify({ action: 'get_user_connections', userId: 'x'.repeat(300 * 1024) }) });
    expect(tooLarge.status).toBe(413);
    tally.adminInputsRejected += 2;

    expect(await connectionStates()).toEqual(before);
    await expect(victim.socket.call({ id: 'after-admin', action: 'ping' })).resolves.toEqual({ id: 'after-admin', type: 'pong' });
  });
});
