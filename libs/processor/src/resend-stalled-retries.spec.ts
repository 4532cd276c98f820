import { createInMemoryStores } from '@streamer/store/testing';
import { createHarness } from './test-support/harness';
import { resendStalledRetries } from './sweeps';
import { FakeRetryQueue } from './testing';

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const base = { connectionId: 'conn-1', userId: 'u', tenantId: 't', action: 'job', payload: {} };
const boom = { code: 'INTERNAL_ERROR', message: 'boom', retryable: true };

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
