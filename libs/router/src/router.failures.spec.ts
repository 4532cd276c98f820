import { StoreUnavailableError, type Stores } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import { createFixture } from './test-support/fixture';

const INTERNAL = { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true };

function failing<T extends object>(target: T, method: keyof T): T {
  const broken = new StoreUnavailableError('DynamoDB unavailable: table streamer-requests-prod');
  return Object.assign(Object.create(target) as T, { [method]: () => Promise.reject(broken) });
}

describe('router: store and socket failures', () => {
  it.each([
    ['connections.admit', (s: Stores) => ({ ...s, connections: failing(s.connections, 'admit') }), { id: 'c-1', action: 'ping' }],
    ['requests.create', (s: Stores) => ({ ...s, requests: failing(s.requests, 'create') }), { id: 'c-1', action: 'queued' }],
    ['requests.get', (s: Stores) => ({ ...s, requests: failing(s.requests, 'get') }), { id: 'c-1', action: 'status', payload: { requestId: 'r' } }],
    ['subscriptions.add', (s: Stores) => ({ ...s, subscriptions: failing(s.subscriptions, 'add') }), { id: 'c-1', action: 'subscribe', payload: { topic: 't' } }],
  ])('answers a failing %s with a retryable INTERNAL_ERROR and logs it', async (_name, breakIt, frame) => {
    const f = createFixture({ stores: (clock) => breakIt(createInMemoryStores({ clock })) });
    const conn = await f.connect();
    const reply = await f.send(conn.connectionId, frame);
    expect(reply).toEqual({ id: 'c-1', type: 'error', success: false, error: INTERNAL });
    expect(JSON.stringify(reply)).not.toContain('streamer-requests-prod');
    expect(f.logger.lines.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('resolves with delivered: false when the caller socket is gone', async () => {
    const f = createFixture();
    const conn = await f.connect();
    f.sender.gone.add(conn.connectionId);
    await expect(f.route({ connectionId: conn.connectionId, body: '{"id":"c-1","action":"ping"}' })).resolves.toEqual({
      reply: { id: 'c-1', type: 'pong' },
      delivered: false,
      action: 'ping',
      tenantId: conn.tenantId,
    });
    expect(f.logger.lines.some((l) => l.level === 'warn' && l.message.includes('not delivered'))).toBe(true);
  });

  it('refreshes lastActiveAt at most once a minute (the store\'s touch policy)', async () => {
    const f = createFixture();
    const conn = await f.connect();
    const connectedAt = f.now();
    f.advance(30_000);
    await f.send(conn.connectionId, { id: 'p-1', action: 'ping' });
    expect((await f.stores.connections.get(conn.connectionId))?.lastActiveAt).toBe(connectedAt);
    f.advance(30_000);
    await f.send(conn.connectionId, { id: 'p-2', action: 'ping' });
    expect((await f.stores.connections.get(conn.connectionId))?.lastActiveAt).toBe(connectedAt + 60_000);
  });

  it('counts a rate-limited frame as activity, and refuses it', async () => {
    const f = createFixture({ router: { rateLimit: { ratePerSecond: 1 / 3600, burst: 1 } } });
    const conn = await f.connect();
    await f.send(conn.connectionId, { id: 'p-1', action: 'ping' });
    f.advance(60_000);
    expect(await f.send(conn.connectionId, { id: 'p-2', action: 'ping' })).toMatchObject({ type: 'error', error: { code: 'RATE_LIMITED' } });
    expect((await f.stores.connections.get(conn.connectionId))?.lastActiveAt).toBe(f.now());
  });

  it('still answers when refreshing lastActiveAt fails', async () => {
    const f = createFixture({ stores: (clock) => { const s = createInMemoryStores({ clock }); return { ...s, connections: failing(s.connections, 'touch') }; } });
    const conn = await f.connect();
    f.advance(120_000);
    expect(await f.send(conn.connectionId, { id: 'p-1', action: 'ping' })).toEqual({ id: 'p-1', type: 'pong' });
  });
});

describe('router: cancel races', () => {
  it('reports the status the processor reached first and sends no terminal message', async () => {
    const f = createFixture({
      stores: (clock) => {
        const s = createInMemoryStores({ clock });
        const requests = Object.assign(Object.create(s.requests) as typeof s.requests, {
          cancel: async (requestId: string) => {
            await s.requests.claim(requestId, { leaseMs: 1_000 });
            await s.requests.complete(requestId, { done: true });
            return s.requests.cancel(requestId);
          },
        });
        return { ...s, requests };
      },
    });
    const conn = await f.connect();
    const ackReply = await f.send(conn.connectionId, { id: 'job-1', action: 'queued' });
    const requestId = ackReply.type === 'ack' ? ackReply.requestId : '';
    f.sender.clear();
    const reply = await f.send(conn.connectionId, { id: 'x-1', action: 'cancel', payload: { requestId } });
    expect(reply).toMatchObject({ type: 'result', data: { requestId, status: 'completed' } });
    expect(f.sender.sent).toHaveLength(1);
  });

  it('still cancels when the original socket is gone; the result waits for status', async () => {
    const f = createFixture();
    const owner = await f.connect();
    const ackReply = await f.send(owner.connectionId, { id: 'job-1', action: 'queued' });
    const requestId = ackReply.type === 'ack' ? ackReply.requestId : '';
    f.sender.gone.add(owner.connectionId);
    const other = await f.connect({ userId: owner.userId, tenantId: owner.tenantId });
    expect(await f.send(other.connectionId, { id: 'x-1', action: 'cancel', payload: { requestId } })).toMatchObject({
      data: { status: 'cancelled' },
    });
    expect(await f.send(other.connectionId, { id: 's-1', action: 'status', payload: { requestId } })).toMatchObject({
      data: { status: 'cancelled' },
    });
  });
});
