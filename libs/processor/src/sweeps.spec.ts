import { ConditionConflictError, type RequestStore, StoreUnavailableError } from '@streamer/store';
import { createInMemoryStores } from '@streamer/store/testing';
import { createHarness } from './test-support/harness';
import { recoverExpiredLeases, resendStalledRetries } from './sweeps';
import { FakeRetryQueue } from './testing';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const base = { connectionId: 'conn-1', userId: 'u', tenantId: 't', action: 'job', payload: {} };
const boom = { code: 'INTERNAL_ERROR', message: 'boom', retryable: true };

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
    const recoverLease = requests.recoverLease.bind(requests);
    jest.spyOn(requests, 'recoverLease').mockImplementation(async (requestId, lease, error) => {
      if (requestId === 'broken') throw new StoreUnavailableError('DynamoDB unavailable');
      if (requestId === 'settled') throw new ConditionConflictError('Request settled is completed', { context: { requestId, currentStatus: 'completed' } });
      return recoverLease(requestId, lease, error);
    });
    const retryQueue = new FakeRetryQueue();

    await expect(recoverExpiredLeases({ requests, retryQueue, now: T0 + 5_000 })).resolves.toEqual({ recovered: 1, failed: 1 });
    expect(retryQueue.history).toEqual([{ requestId: 'ok', delaySeconds: 0 }]);
  });

  it('leaves a request claimed again since the scan read it to its new run', async () => {
    const { requests } = await expiredRequests(['reclaimed']);
    const scan = requests.expiredLeases.bind(requests);
    jest.spyOn(requests, 'expiredLeases').mockImplementation(async function* (now) {
      for await (const record of scan(now)) {
        await requests.claim(record.requestId, { leaseMs: 60_000, now });
        yield record;
      }
    });
    const retryQueue = new FakeRetryQueue();

    await expect(recoverExpiredLeases({ requests, retryQueue, now: T0 + 5_000 })).resolves.toEqual({ recovered: 0, failed: 0 });
    expect(await requests.get('reclaimed')).toMatchObject({ status: 'processing', attempts: 2, leaseExpiresAt: T0 + 65_000 });
    expect(retryQueue.history).toEqual([]);
  });
});

describe('resendStalledRetries', () => {
  it('sends again the re-queued requests whose retry never came, and leaves waiting or new ones alone', async () => {
    let now = T0;
    const { requests } = createInMemoryStores({ clock: () => now });
    for (const [i, requestId] of ['lost', 'waiting', 'new'].entries()) await requests.create({ ...base, requestId, clientId: `c-${i}` });
    await requests.claim('lost', { leaseMs: MINUTE });
    await requests.requeue('lost', boom);
    now = T0 + 20 * MINUTE;
    await requests.claim('waiting', { leaseMs: MINUTE });
    await requests.requeue('waiting', boom);
    now = T0 + 40 * MINUTE;
    const retryQueue = new FakeRetryQueue();

    const report = await resendStalledRetries({ requests, retryQueue, updatedBefore: now - 30 * MINUTE });

    expect(report).toEqual({ resent: 1, failed: 0 });
    expect(retryQueue.history).toEqual([{ requestId: 'lost', delaySeconds: 0 }]);
  });

  it('counts a send that fails and goes on', async () => {
    let now = T0;
    const { requests } = createInMemoryStores({ clock: () => now });
    for (const requestId of ['a', 'b']) {
      await requests.create({ ...base, requestId, clientId: requestId });
      await requests.claim(requestId, { leaseMs: MINUTE });
      await requests.requeue(requestId, boom);
    }
    now = T0 + 60 * MINUTE;
    const retryQueue = new FakeRetryQueue();
    retryQueue.failNext(1);
    await expect(resendStalledRetries({ requests, retryQueue, updatedBefore: T0 + MINUTE })).resolves.toEqual({ resent: 1, failed: 1 });
    expect(retryQueue.history).toHaveLength(1);
  });

  it('a request whose retry message was lost runs once it is sent again, and only once', async () => {
    const h = createHarness({ flaky: { processAsync: async (_req, { attempt }) => (attempt === 1 ? Promise.reject(new Error('boom')) : { attempt }) } }, { retryDelayMs: 0 });
    const request = await h.enqueue('flaky');
    await h.deliverInserts(request);
    h.retryQueue.drain(); // the retry message is lost
    expect(await h.status(request.requestId)).toMatchObject({ status: 'queued', attempts: 1 });

    await resendStalledRetries({ requests: h.stores.requests, retryQueue: h.retryQueue, updatedBefore: Date.now() + 1 });
    const retries = h.retryQueue.drain();
    await expect(h.processor.handleSqsEvent(retries)).resolves.toEqual({ batchItemFailures: [] });
    await expect(h.processor.handleSqsEvent(retries)).resolves.toEqual({ batchItemFailures: [] });

    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', attempts: 2, result: { attempt: 2 } });
    expect(h.sender.terminalFor(request.clientId)).toEqual([{ id: request.clientId, type: 'result', success: true, data: { attempt: 2 } }]);
  });
});
