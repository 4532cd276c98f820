import type { Handler } from '@streamer/handler-api';
import { ManualClock } from '@streamer/kernel/testing';
import type { SQSEvent } from 'aws-lambda';
import { createHarness } from './test-support/harness';
import { FakeRetryQueue } from './testing';
import { delaySecondsUntil } from './watchdog';

const WATCHDOG_ARN = 'arn:aws:sqs:us-east-1:123456789012:streamer-watchdog';
const LEASE_MS = 60_000;
const T0 = 1_767_225_600_000;

const done: Handler = { processAsync: async () => 'done' };

/** The watchdog queue's waiting messages as the batch Lambda delivers from it. */
function watchdogBatch(queue: FakeRetryQueue): SQSEvent {
  const event = queue.drain();
  return { Records: event.Records.map((record) => ({ ...record, eventSourceARN: WATCHDOG_ARN })) };
}

function setup() {
  const clock = new ManualClock(T0);
  const watchdog = new FakeRetryQueue();
  const h = createHarness({ done }, { clock, leaseMs: LEASE_MS, watchdog: { queue: watchdog, queueArn: WATCHDOG_ARN } });
  /** A request whose run claimed it at T0 and died: processing, its lease ending at T0 + LEASE_MS. */
  const crashed = async () => {
    const request = await h.enqueue('done');
    await h.stores.requests.claim(request.requestId, { leaseMs: LEASE_MS, now: T0 });
    await watchdog.enqueue(request.requestId, delaySecondsUntil(T0 + LEASE_MS, T0), 1);
    return request.requestId;
  };
  return { h, clock, watchdog, crashed };
}

describe('processor: lease watchdog', () => {
  it('arms one message per claim, due one second after the lease ends', async () => {
    const { h, watchdog } = setup();
    const request = await h.enqueue('done');

    await h.deliverInserts(request);

    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed' });
    expect(watchdog.history).toEqual([{ requestId: request.requestId, delaySeconds: LEASE_MS / 1000 + 1, attempt: 1 }]);
    expect(await h.processor.handleSqsEvent(watchdogBatch(watchdog))).toEqual({ batchItemFailures: [] });
    expect(watchdog.pending).toHaveLength(0);
    expect(h.retryQueue.history).toHaveLength(0);
  });

  it('sends nothing for a delivery whose claim is lost (a duplicate, or a lease still held)', async () => {
    const { h, watchdog, crashed } = setup();
    const request = await h.enqueue('done');
    await Promise.all([h.deliverInserts(request), h.deliverInserts(request)]);
    const running = await crashed();
    await h.processor.handleSqsEvent(h.retryQueue.drain());
    await h.processor.processRequest(running);

    expect(watchdog.history.map((m) => m.requestId)).toEqual([request.requestId, running]);
  });

  it('re-queues a run that died once its lease has ended, and the retry completes it', async () => {
    const { h, clock, watchdog, crashed } = setup();
    const requestId = await crashed();

    clock.set(T0 + LEASE_MS + 1_000);
    await h.processor.handleSqsEvent(watchdogBatch(watchdog));

    expect(await h.status(requestId)).toMatchObject({ status: 'queued', attempts: 1, lastError: { code: 'TIMEOUT' } });
    expect(h.retryQueue.history).toEqual([{ requestId, delaySeconds: 0 }]);
    await h.processor.handleSqsEvent(h.retryQueue.drain());
    expect(await h.status(requestId)).toMatchObject({ status: 'completed', attempts: 2, result: 'done' });
    expect(h.sender.messagesTo('conn-1')).toEqual([expect.objectContaining({ type: 'result', data: 'done' })]);
  });

  it('leaves a lease that is still running alone and comes back when it ends (chained past 900 s)', async () => {
    const { h, clock, watchdog, crashed } = setup();
    const requestId = await crashed();
    // The run renewed its lease to 20 minutes from now: longer than one SQS message timer.
    await h.stores.requests.transition(requestId, ['processing'], 'processing', { leaseExpiresAt: T0 + 20 * 60_000 });

    clock.set(T0 + LEASE_MS + 1_000);
    await h.processor.handleSqsEvent(watchdogBatch(watchdog));

    expect(await h.status(requestId)).toMatchObject({ status: 'processing', attempts: 1, leaseExpiresAt: T0 + 20 * 60_000 });
    expect(h.retryQueue.history).toHaveLength(0);
    expect(watchdog.pending).toEqual([{ requestId, delaySeconds: 900, attempt: 1 }]);
    clock.set(T0 + 16 * 60_000);
    await h.processor.handleSqsEvent(watchdogBatch(watchdog));
    expect(watchdog.pending).toEqual([{ requestId, delaySeconds: 4 * 60 + 1, attempt: 1 }]);
    clock.set(T0 + 20 * 60_000 + 1_000);
    await h.processor.handleSqsEvent(watchdogBatch(watchdog));
    expect(await h.status(requestId)).toMatchObject({ status: 'queued', lastError: { code: 'TIMEOUT' } });
  });

  it('leaves a request claimed again since to the newer claim, which watches itself: one chain per request', async () => {
    const { h, clock, watchdog, crashed } = setup();
    const requestId = await crashed();
    // The lease ended, a retry delivery claimed it again (attempt 2) and armed its own watchdog.
    await h.stores.requests.claim(requestId, { leaseMs: LEASE_MS, now: T0 + LEASE_MS + 500 });
    await watchdog.enqueue(requestId, 61, 2);

    clock.set(T0 + LEASE_MS + 1_000);
    const batch = watchdogBatch(watchdog);
    await h.processor.handleSqsEvent({ Records: batch.Records.slice(0, 1) });

    expect(watchdog.pending).toEqual([]);
    expect(await h.status(requestId)).toMatchObject({ status: 'processing', attempts: 2 });
    expect(h.retryQueue.history).toHaveLength(0);
    // The newer claim's own message recovers it once its lease ends.
    clock.set(T0 + 2 * LEASE_MS + 2_000);
    await h.processor.handleSqsEvent({ Records: batch.Records.slice(1) });
    expect(await h.status(requestId)).toMatchObject({ status: 'queued', attempts: 2, lastError: { code: 'TIMEOUT' } });
  });

  it('does nothing for a request that settled or that its run re-queued', async () => {
    const { h, clock, watchdog, crashed } = setup();
    const finished = await crashed();
    await h.stores.requests.complete(finished, 'finished');
    const retrying = await crashed();
    await h.stores.requests.requeue(retrying, { code: 'INTERNAL_ERROR', message: 'busy', retryable: true });

    clock.set(T0 + LEASE_MS + 1_000);
    await h.processor.handleSqsEvent(watchdogBatch(watchdog));

    expect(await h.status(finished)).toMatchObject({ status: 'completed', result: 'finished' });
    expect(await h.status(retrying)).toMatchObject({ status: 'queued', lastError: { code: 'INTERNAL_ERROR' } });
    expect(h.retryQueue.history).toHaveLength(0);
    expect(watchdog.pending).toHaveLength(0);
  });

  it('has its message redelivered, the request untouched, when the retry cannot be sent', async () => {
    const { h, clock, watchdog, crashed } = setup();
    const requestId = await crashed();
    h.retryQueue.failNext();

    clock.set(T0 + LEASE_MS + 1_000);
    const response = await h.processor.handleSqsEvent(watchdogBatch(watchdog));

    expect(response.batchItemFailures).toHaveLength(1);
    expect(await h.status(requestId)).toMatchObject({ status: 'processing', attempts: 1 });
  });

  it('runs the request when its message cannot be sent (the sweep is the fallback)', async () => {
    const { h, watchdog } = setup();
    watchdog.failNext();
    const request = await h.enqueue('done');

    await h.deliverInserts(request);

    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', attempts: 1 });
    expect(watchdog.history).toHaveLength(0);
  });
});
