import type { QuotaLimits } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import { createFixture } from './test-support/fixture';

const OFF: QuotaLimits = { connectionsPerUser: 0, connectionsPerTenant: 0, requestsPerSecondPerTenant: 0, jobsPerUser: 0 };

function quotaFixture(limits: Partial<QuotaLimits>) {
  const stores = createInMemoryStores();
  const quotas = { store: stores.quotas, policy: () => ({ ...OFF, ...limits }) };
  return createFixture({ stores: () => stores, router: { rateLimit: { ratePerSecond: 1000, burst: 1000 }, quotas } });
}

describe('router: quotas', () => {
  it('limits a tenant\'s frames per second across its connections, with the time to the next second', async () => {
    const f = quotaFixture({ requestsPerSecondPerTenant: 3 });
    const tenantId = f.uid('tenant');
    const [a, b] = [await f.connect({ tenantId }), await f.connect({ tenantId })];
    const other = await f.connect();
    const replies = [];
    for (const conn of [a, b, a, b]) replies.push(await f.send(conn.connectionId, { id: 'p', action: 'ping' }));
    expect(replies.slice(0, 3).every((r) => r.type === 'pong')).toBe(true);
    expect(replies[3]).toMatchObject({ type: 'error', error: { code: 'RATE_LIMITED', retryable: true } });
    const retryAfterMs = (replies[3] as { error: { retryAfterMs?: number } }).error.retryAfterMs ?? 0;
    expect(retryAfterMs).toBeGreaterThan(0);
    expect(retryAfterMs).toBeLessThanOrEqual(1000);
    expect((await f.send(other.connectionId, { id: 'p', action: 'ping' })).type).toBe('pong');
    f.advance(1000);
    expect((await f.send(a.connectionId, { id: 'p', action: 'ping' })).type).toBe('pong');
  });

  it('refuses a user\'s job over the limit with RATE_LIMITED and retryAfterMs; a cancel frees its place', async () => {
    const f = quotaFixture({ jobsPerUser: 2 });
    const conn = await f.connect();
    const first = await f.send(conn.connectionId, { id: 'j1', action: 'queued' });
    expect((await f.send(conn.connectionId, { id: 'j2', action: 'queued' })).type).toBe('ack');
    expect(await f.send(conn.connectionId, { id: 'j3', action: 'queued' })).toMatchObject({
      id: 'j3',
      type: 'error',
      error: { code: 'RATE_LIMITED', retryable: true, retryAfterMs: 1000 },
    });
    expect(await f.requestsOf(conn.connectionId)).toHaveLength(2);
    // The same client id is still answered with its first ack.
    expect((await f.send(conn.connectionId, { id: 'j1', action: 'queued' })).type).toBe('ack');
    const requestId = first.type === 'ack' ? first.requestId : '';
    expect(await f.send(conn.connectionId, { id: 'c', action: 'cancel', payload: { requestId } })).toMatchObject({ type: 'result' });
    expect((await f.send(conn.connectionId, { id: 'j3', action: 'queued' })).type).toBe('ack');
  });
});
