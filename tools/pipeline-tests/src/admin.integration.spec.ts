// The admin Lambda, invoked directly as an operator (or the hourly EventBridge rule) would: each
// action once against connections made through `$connect`, bad input, and a cleanup run whose
// effects a user notices (a stale or vanished socket is retired). Then the processor's scheduled
// sweeps: a request whose processor died, and one whose retry message was lost, run again and their
// results reach the clients.
import { waitFor } from '@streamer/kernel/testing';
import type { TestClient } from './test-support/client';
import { Pipeline } from './test-support/pipeline';

let p: Pipeline;
const clients: TestClient[] = [];

beforeAll(async () => {
  p = await Pipeline.start();
});

afterAll(async () => {
  await Promise.all(clients.filter((client) => !p.gateway.isGone(client.connectionId)).map((client) => client.close()));
  await p?.close();
});

afterEach(() => {
  expect(p.batchItemFailures()).toEqual([]);
});

interface AdminResponse {
  statusCode: number;
  body: Record<string, unknown>;
}

interface Listing {
  connections: { connectionId: string; userId: string; tenantId: string; status: string }[];
  count: number;
  nextToken?: string;
  truncated?: boolean;
}

const admin = (event: unknown) => p.invoke('admin-connection-manager', event, 300_000) as Promise<AdminResponse>;
const sweep = (event: unknown) => p.invoke('processor-sweep', event, 300_000) as Promise<Record<string, unknown>>;
const ids = (listing: Listing) => listing.connections.map((c) => c.connectionId).sort();

async function client(userId: string, tenantId: string): Promise<TestClient> {
  const connected = await p.connect(userId, tenantId);
  clients.push(connected);
  return connected;
}

describe('admin queries', () => {
  it('lists a user’s, a tenant’s and all connections, page by page', async () => {
    const [a1, a2, b1, other] = [
      await client('ada', 'globex'),
      await client('ada', 'globex'),
      await client('bob', 'globex'),
      await client('cyd', 'initech'),
    ];
    const byUser = await admin({ action: 'get_user_connections', userId: 'ada' });
    expect(byUser).toEqual({ statusCode: 200, body: expect.objectContaining({ count: 2, truncated: false }) });
    expect(ids(byUser.body as unknown as Listing)).toEqual([a1.connectionId, a2.connectionId].sort());

    const byTenant = await admin({ action: 'get_tenant_connections', tenantId: 'globex' });
    expect(ids(byTenant.body as unknown as Listing)).toEqual([a1, a2, b1].map((c) => c.connectionId).sort());
    expect((byTenant.body as unknown as Listing).connections.every((c) => c.tenantId === 'globex')).toBe(true);

    const seen: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await admin({ action: 'get_all_connections', limit: 2, ...(nextToken ? { nextToken } : {}) });
      expect(page.statusCode).toBe(200);
      const listing = page.body as unknown as Listing;
      expect(listing.count).toBeLessThanOrEqual(2);
      seen.push(...listing.connections.map((c) => c.connectionId));
      nextToken = listing.nextToken;
      pages += 1;
    } while (nextToken !== undefined && pages < 100);
    expect(nextToken).toBeUndefined();
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([a1, a2, b1, other].map((c) => c.connectionId)));
  });

  it.each([
    ['a missing userId', { action: 'get_user_connections' }, /userId/],
    ['a limit out of range', { action: 'get_all_connections', limit: 0 }, /limit/],
    ['a forged nextToken', { action: 'get_all_connections', nextToken: 'eyJrIjoxfQ.forged' }, /^invalid nextToken$/],
    ['an unknown status', { action: 'update_connection_status', connectionId: 'abc=', status: 'ASLEEP' }, /status/],
    ['an unknown parameter', { action: 'get_tenant_connections', tenantId: 'globex', tenant: 'x' }, /unknown parameter tenant/],
    ['an unknown action', { action: 'drop_all_tables' }, /unknown action "drop_all_tables"/],
    ['an event that is not an object', 'cleanup', /JSON object/],
  ])('answers %s with 400 INVALID_INPUT', async (_name, event, message) => {
    expect(await admin(event)).toEqual({ statusCode: 400, body: { code: 'INVALID_INPUT', message: expect.stringMatching(message) } });
  });
});

describe('admin changes', () => {
  it('update_connection_status: the socket is refused with FORBIDDEN afterwards; unknown ids are 404', async () => {
    const dee = await client('dee', 'globex');
    const updated = await admin({ action: 'update_connection_status', connectionId: dee.connectionId, status: 'DISCONNECTED' });
    expect(updated).toEqual({ statusCode: 200, body: expect.objectContaining({ connectionId: dee.connectionId, status: 'DISCONNECTED' }) });
    expect(await dee.send({ id: 'p-1', action: 'ping' })).toMatchObject({ id: 'p-1', type: 'error', error: { code: 'FORBIDDEN' } });
    expect(await admin({ action: 'update_connection_status', connectionId: 'unknown=', status: 'CONNECTED' })).toMatchObject({ statusCode: 404 });
  });

  it('disconnect_connection: marks it, drops its subscriptions, closes the socket; 410 → closed: false', async () => {
    const eve = await client('eve', 'globex');
    expect(await eve.send({ id: 's-1', action: 'subscribe', payload: { topic: 'alerts' } })).toMatchObject({ type: 'result' });

    const closed = await admin({ action: 'disconnect_connection', connectionId: eve.connectionId });
    expect(closed).toEqual({ statusCode: 200, body: { connectionId: eve.connectionId, closed: true } });
    expect(p.gateway.callsTo(eve.connectionId, 'DELETE')).toHaveLength(1);
    expect(await p.stores.connections.get(eve.connectionId)).toMatchObject({ status: 'DISCONNECTED' });
    const subscribers = [];
    for await (const subscription of p.stores.subscriptions.byTopic('globex', 'alerts')) subscribers.push(subscription);
    expect(subscribers).toEqual([]);

    expect(await admin({ action: 'disconnect_connection', connectionId: eve.connectionId })).toEqual({
      statusCode: 200,
      body: { connectionId: eve.connectionId, closed: false },
    });
    expect(await admin({ action: 'disconnect_connection', connectionId: 'unknown=' })).toMatchObject({ statusCode: 404 });
  });
});

describe('publish', () => {
  const eventBridge = (detail: unknown) => ({
    version: '0',
    id: 'b0a7d6f5-0c1e-4b2a-9d6e-2f3a4b5c6d7e',
    'detail-type': 'Streamer Publish',
    source: 'com.example.orders',
    account: '111122223333',
    time: '2026-12-06T05:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  });

  it('publishes topic events from the action and from EventBridge in seq order, and replays them on subscribe with since', async () => {
    const [sub, stranger] = [await client('ada', 'acme-pub'), await client('eve', 'other-pub')];
    expect(await sub.send({ id: 's-1', action: 'subscribe', payload: { topic: 'orders' } })).toMatchObject({ data: { subscribed: true, seq: 0 } });
    expect(await stranger.send({ id: 's-1', action: 'subscribe', payload: { topic: 'orders' } })).toMatchObject({ data: { seq: 0 } });

    const direct = await admin({ action: 'publish', tenantId: 'acme-pub', topic: 'orders', data: { orderId: 1 } });
    const viaRule = await admin(eventBridge({ tenantId: 'acme-pub', topic: 'orders', data: { orderId: 2 } }));
    expect([direct, viaRule]).toEqual([
      { statusCode: 200, body: { sent: 1, gone: 0, failed: 0, seq: 1 } },
      { statusCode: 200, body: { sent: 1, gone: 0, failed: 0, seq: 2 } },
    ]);
    const live = sub.frames().filter((f) => f.type === 'event');
    expect(live.map((f) => (f.type === 'event' ? [f.seq, f.data] : []))).toEqual([[1, { orderId: 1 }], [2, { orderId: 2 }]]);
    expect(stranger.frames().filter((f) => f.type === 'event')).toEqual([]);

    const late = await client('ada', 'acme-pub');
    const reply = await late.send({ id: 's-2', action: 'subscribe', payload: { topic: 'orders', since: 1 } });
    expect(reply).toEqual({ id: 's-2', type: 'result', success: true, data: { topic: 'orders', subscribed: true, seq: 2 } });
    expect(late.frames()).toEqual([live[1], reply]);
  });

  it('answers bad publish input with 400 and stores nothing', async () => {
    expect(await admin({ action: 'publish', tenantId: 'acme-pub2', topic: 'orders', userId: 'ada', data: 1 })).toMatchObject({ statusCode: 400 });
    expect(await admin(eventBridge({ tenantId: 'acme-pub2', topic: 'orders' }))).toMatchObject({ statusCode: 400, body: { message: 'data is required (any JSON value)' } });
    const sub = await client('ada', 'acme-pub2');
    expect(await sub.send({ id: 's-1', action: 'subscribe', payload: { topic: 'orders', since: 0 } })).toMatchObject({ data: { seq: 0 } });
  });
});

describe('hourly cleanup and sweeps', () => {
  it('retires stale and vanished sockets; the sweeps recover a dead run and a lost retry, whose results reach the clients', async () => {
    const stale = await client('fay', 'globex');
    const vanished = await client('gus', 'globex');
    const owner = await client('hal', 'globex');
    await p.stores.connections.touch(stale.connectionId, Date.now() - 2 * 3_600_000);
    p.gateway.markGone(vanished.connectionId); // API Gateway dropped it; $disconnect never ran

    const ack = await owner.send({ id: 'rep-a', action: 'generate_report', payload: { recordCount: 5000 } });
    const requestId = ack.type === 'ack' ? ack.requestId : '';
    expect(await p.nextStreamRecords()).toHaveLength(1);
    const claimed = await p.stores.requests.claim(requestId, { leaseMs: 200 }); // …and its invocation died
    await waitFor(() => Date.now() > (claimed.leaseExpiresAt ?? 0), 'the dead run’s lease to end', 5_000);

    // Another request failed once and was re-queued, but its retry message never reached SQS (40 min ago).
    const waiting = await client('ida', 'globex');
    const lostAck = await waiting.send({ id: 'rep-l', action: 'generate_report', payload: { recordCount: 7000 } });
    const lostId = lostAck.type === 'ack' ? lostAck.requestId : '';
    expect(await p.nextStreamRecords()).toHaveLength(1);
    const earlier = p.storesAt(() => Date.now() - 40 * 60_000);
    await earlier.requests.claim(lostId, { leaseMs: 60_000 });
    await earlier.requests.requeue(lostId, { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true });

    const scheduled = { version: '0', source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {}, time: new Date().toISOString() };
    const cleanup = await admin(scheduled);
    expect(cleanup).toEqual({
      statusCode: 200,
      body: {
        message: 'Stale connections cleaned up',
        cleanedCount: 2,
        staleCount: 1,
        goneCount: 1,
        failedCount: 0,
        // Every CONNECTED connection of this file's tables, each visited once.
        scannedCount: expect.any(Number),
        resumed: false,
        complete: true,
      },
    });
    expect(await sweep(scheduled)).toEqual({ requeuedCount: 1, resentCount: 1, failedCount: 0, complete: true });
    expect(await p.stores.connections.get(stale.connectionId)).toMatchObject({ status: 'DISCONNECTED' });
    expect(await p.stores.connections.get(vanished.connectionId)).toMatchObject({ status: 'DISCONNECTED' });
    expect(await p.stores.connections.get(owner.connectionId)).toMatchObject({ status: 'CONNECTED' });

    const completed = async (id: string) => (await p.stores.requests.get(id))?.status === 'completed';
    await p.processUntil('rep-a and rep-l to complete', async () => (await completed(requestId)) && (await completed(lostId)));
    expect(waiting.framesFor('rep-l').filter((frame) => frame.type === 'result')).toHaveLength(1);
    expect(await p.stores.requests.get(requestId)).toMatchObject({ attempts: 2, lastError: { code: 'TIMEOUT' } });
    expect(owner.framesFor('rep-a').filter((frame) => frame.type === 'result' || frame.type === 'error')).toEqual([
      expect.objectContaining({ id: 'rep-a', type: 'result', success: true }),
    ]);

    const again = await admin({ action: 'cleanup_stale_connections' });
    expect(again.body).toMatchObject({ cleanedCount: 0, failedCount: 0, complete: true });
    expect(await sweep(scheduled)).toEqual({ requeuedCount: 0, resentCount: 0, failedCount: 0, complete: true });
  });
});
