import { ConditionConflictError, type RequestStore, StoreUnavailableError } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import { recoverExpiredLeases } from './sweeps';
import { FakeRetryQueue } from './testing';

const T0 = Date.UTC(2026, 0, 1);
const base = { connectionId: 'conn-1', userId: 'u', tenantId: 't', action: 'job', payload: {} };

async function expiredRequests(ids: readonly string[]): Promise<{ requests: RequestStore; advance: (ms: number) => void }> {
  let now = T0;
  const { requests } = createInMemoryStores({ clock: () => now });
  for (const [i, requestId] of ids.entries()) {
    await requests.create({ ...base, requestId, clientId: `c-${i}` });
    await requests.claim(requestId, { leaseMs: 1_000 });
  }
  return { requests, advance: (ms) => (now += ms) };
}

describe('recoverExpiredLeases', () => {
  it('re-queues processing requests whose lease ended and schedules them at once; live leases are left alone', async () => {
    let now = T0;
    const { requests } = createInMemoryStores({ clock: () => now });
    const retryQueue = new FakeRetryQueue();
    await requests.create({ ...base, requestId: 'dead', clientId: 'c-1' });
    await requests.create({ ...base, requestId: 'alive', clientId: 'c-2' });
    await requests.create({ ...base, requestId: 'waiting', clientId: 'c-3' });
    await requests.claim('dead', { leaseMs: 1_000 });
    await requests.claim('alive', { leaseMs: 60_000 });
    now = T0 + 5_000;

    await expect(recoverExpiredLeases({ requests, retryQueue, now })).resolves.toEqual({ recovered: 1, failed: 0 });

    expect(retryQueue.history).toEqual([{ requestId: 'dead', delaySeconds: 0 }]);
    expect(await requests.get('dead')).toMatchObject({ status: 'queued', attempts: 1, lastError: { code: 'TIMEOUT' } });
    expect((await requests.get('alive'))?.status).toBe('processing');
    expect((await requests.get('waiting'))?.status).toBe('queued');
  });

  it('goes on past a retry message that cannot be sent, and reports it as failed', async () => {
    const { requests } = await expiredRequests(['r1', 'r2', 'r3']);
    const retryQueue = new FakeRetryQueue();
    retryQueue.failNext(1);

    const report = await recoverExpiredLeases({ requests, retryQueue, now: T0 + 5_000 });

    expect(report).toEqual({ recovered: 2, failed: 1 });
    expect(retryQueue.history).toHaveLength(2);
    for (const requestId of ['r1', 'r2', 'r3']) expect(await requests.get(requestId)).toMatchObject({ status: 'queued', attempts: 1 });
  });

  it('goes on past a request the store cannot re-queue, and skips one settled meanwhile', async () => {
    const { requests } = await expiredRequests(['broken', 'settled', 'ok']);
    const requeue = requests.requeue.bind(requests);
    jest.spyOn(requests, 'requeue').mockImplementation(async (requestId, error) => {
      if (requestId === 'broken') throw new StoreUnavailableError('DynamoDB unavailable');
      if (requestId === 'settled') throw new ConditionConflictError('Request settled is completed', { context: { requestId, currentStatus: 'completed' } });
      return requeue(requestId, error);
    });
    const retryQueue = new FakeRetryQueue();

    await expect(recoverExpiredLeases({ requests, retryQueue, now: T0 + 5_000 })).resolves.toEqual({ recovered: 1, failed: 1 });
    expect(retryQueue.history).toEqual([{ requestId: 'ok', delaySeconds: 0 }]);
  });
});
