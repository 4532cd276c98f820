import { createInMemoryStores } from '@streamer/store/testing';
import { recoverExpiredLeases } from './recover-expired-leases';
import { FakeRetryQueue } from './testing';

const T0 = Date.UTC(2026, 0, 1);

describe('recoverExpiredLeases', () => {
  it('re-queues processing requests whose lease ended and schedules them at once; live leases are left alone', async () => {
    let now = T0;
    const { requests } = createInMemoryStores({ clock: () => now });
    const retryQueue = new FakeRetryQueue();
    const base = { connectionId: 'conn-1', userId: 'u', tenantId: 't', action: 'job', payload: {} };
    await requests.create({ ...base, requestId: 'dead', clientId: 'c-1' });
    await requests.create({ ...base, requestId: 'alive', clientId: 'c-2' });
    await requests.create({ ...base, requestId: 'waiting', clientId: 'c-3' });
    await requests.claim('dead', { leaseMs: 1_000 });
    await requests.claim('alive', { leaseMs: 60_000 });
    now = T0 + 5_000;

    await expect(recoverExpiredLeases({ requests, retryQueue, now })).resolves.toBe(1);

    expect(retryQueue.history).toEqual([{ requestId: 'dead', delaySeconds: 0 }]);
    expect(await requests.get('dead')).toMatchObject({ status: 'queued', attempts: 1, lastError: { code: 'TIMEOUT' } });
    expect((await requests.get('alive'))?.status).toBe('processing');
    expect((await requests.get('waiting'))?.status).toBe('queued');
  });
});
