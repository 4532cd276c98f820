import { FatalError, type Handler } from '@streamer/handler-api';
import { RunDeadlineError, RunSupersededError } from './errors';
import { createHarness, invocationWith, untilAborted } from './test-support/harness';
import { streamInsertEvent } from './testing';

const T0 = Date.UTC(2026, 0, 1);

beforeEach(() => jest.useFakeTimers({ now: T0 }));
afterEach(() => jest.useRealTimers());

/** A handler that waits for its signal and records why it was aborted. */
function waiting(reasons: unknown[]): Handler {
  return {
    processAsync: async (_req, { signal }) => {
      try {
        return await untilAborted(signal);
      } catch (reason) {
        reasons.push(reason);
        throw new FatalError('Stopped');
      }
    },
  };
}

describe('processor: deadline', () => {
  it('aborts the handler deadlineMarginMs before the invocation ends and retries it as TIMEOUT', async () => {
    const reasons: unknown[] = [];
    const h = createHarness({ slow: waiting(reasons) }, { deadlineMarginMs: 1_000 });
    const request = await h.enqueue('slow');

    const done = h.processor.handleStreamEvent(streamInsertEvent([request]), invocationWith(10_000));
    await jest.advanceTimersByTimeAsync(8_999);
    expect((await h.status(request.requestId)).status).toBe('processing');
    await jest.advanceTimersByTimeAsync(1);

    await expect(done).resolves.toEqual({ batchItemFailures: [] });
    expect(reasons).toEqual([expect.any(RunDeadlineError)]);
    expect(await h.status(request.requestId)).toMatchObject({
      status: 'queued',
      lastError: { code: 'TIMEOUT', message: 'Request timed out', retryable: true },
    });
    expect(h.retryQueue.history).toEqual([{ requestId: request.requestId, delaySeconds: 5 }]);
    expect(h.sender.sent).toEqual([]);
  });

  it('settles on time even when the handler ignores its signal', async () => {
    const h = createHarness({ stuck: { processAsync: () => new Promise<never>(() => undefined) } }, { deadlineMarginMs: 500, maxRetries: 0 });
    const request = await h.enqueue('stuck');

    const done = h.processor.processRequest(request.requestId, invocationWith(5_000));
    // The deadline (4.5 s), then the moment an aborted handler gets to stop: half the margin.
    await jest.advanceTimersByTimeAsync(4_500 + 250);

    await expect(done).resolves.toMatchObject({ disposition: 'failed', error: { code: 'TIMEOUT' } });
    expect(h.sender.terminalFor(request.clientId)).toEqual([
      { id: request.clientId, type: 'error', success: false, error: { code: 'TIMEOUT', message: 'Request timed out', retryable: true } },
    ]);
  });

  it('lets an aborted handler finish the call it has in flight before the run returns', async () => {
    const finished: string[] = [];
    const publishing = {
      processAsync: async (_req: unknown, ctx: { signal: AbortSignal }) => {
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
        // A publish or store write that was already out when the signal came: it takes 100 ms to answer.
        await new Promise((resolve) => setTimeout(resolve, 100));
        finished.push('publish');
        throw ctx.signal.reason;
      },
    };
    const h = createHarness({ publishing }, { deadlineMarginMs: 1_000, maxRetries: 0 });
    const request = await h.enqueue('publishing');
    const done = h.processor.processRequest(request.requestId, invocationWith(5_000));
    let settled = false;
    void done.then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(4_000 + 50);
    expect({ settled, finished }).toEqual({ settled: false, finished: [] });
    await jest.advanceTimersByTimeAsync(50);
    await expect(done).resolves.toMatchObject({ disposition: 'failed', error: { code: 'TIMEOUT' } });
    expect(finished).toEqual(['publish']);
  });

  it('bounds a run by its lease when no invocation deadline is known, and caps the lease at the invocation time', async () => {
    const h = createHarness({ stuck: { processAsync: () => new Promise<never>(() => undefined) } }, { leaseMs: 60_000, deadlineMarginMs: 2_000 });
    const first = await h.enqueue('stuck');
    const second = await h.enqueue('stuck');

    const byLease = h.processor.processRequest(first.requestId);
    const byInvocation = h.processor.processRequest(second.requestId, invocationWith(30_000));
    await jest.advanceTimersByTimeAsync(0);
    expect((await h.status(first.requestId)).leaseExpiresAt).toBe(T0 + 60_000);
    expect((await h.status(second.requestId)).leaseExpiresAt).toBe(T0 + 30_000);

    await jest.advanceTimersByTimeAsync(28_000 + 1_000);
    await expect(byInvocation).resolves.toMatchObject({ disposition: 'requeued' });
    expect((await h.status(first.requestId)).status).toBe('processing');
    await jest.advanceTimersByTimeAsync(30_000);
    await expect(byLease).resolves.toMatchObject({ disposition: 'requeued', error: { code: 'TIMEOUT' } });
  });

  it('does not claim a request when the invocation has less than the margin left', async () => {
    const h = createHarness({ stuck: { processAsync: async () => 'never' } }, { deadlineMarginMs: 2_000 });
    const request = await h.enqueue('stuck');

    const response = await h.processor.handleStreamEvent(streamInsertEvent([request]), invocationWith(1_500));

    expect(response.batchItemFailures).toHaveLength(1);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'queued', attempts: 0 });
  });
});

describe('processor: cancel', () => {
  it('aborts a running handler when the periodic status check finds it cancelled, and sends nothing', async () => {
    const reasons: unknown[] = [];
    const h = createHarness({ slow: waiting(reasons) }, { cancelPollMs: 1_000 });
    const request = await h.enqueue('slow');

    const done = h.processor.processRequest(request.requestId);
    await jest.advanceTimersByTimeAsync(500);
    await h.stores.requests.cancel(request.requestId);
    await jest.advanceTimersByTimeAsync(499);
    expect(reasons).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);

    await expect(done).resolves.toMatchObject({ disposition: 'discarded' });
    expect(reasons).toEqual([expect.any(RunSupersededError)]);
    expect((reasons[0] as RunSupersededError).currentStatus).toBe('cancelled');
    expect((await h.status(request.requestId)).status).toBe('cancelled');
    expect(h.sender.sent).toEqual([]);
  });

  it('notices a cancel when a progress update no longer applies, and stops sending progress', async () => {
    let steps = 0;
    const stepping: Handler = {
      processAsync: async (_req, { reporter, signal }) => {
        for (let i = 1; i <= 10; i += 1) {
          if (signal.aborted) throw new FatalError('Stopped');
          steps = i;
          await reporter.progress(i / 10, `Step ${i}`);
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        return 'finished';
      },
    };
    const h = createHarness({ stepping }, { cancelPollMs: 0 });
    const request = await h.enqueue('stepping');

    const done = h.processor.processRequest(request.requestId);
    await jest.advanceTimersByTimeAsync(100);
    await h.stores.requests.cancel(request.requestId);
    await jest.advanceTimersByTimeAsync(3_000);

    await expect(done).resolves.toMatchObject({ disposition: 'discarded' });
    expect(steps).toBe(2);
    expect(h.sender.sent.map((entry) => entry.message.type)).toEqual(['progress']);
  });

  it('discards a result that arrives after the request was cancelled', async () => {
    const h = createHarness({ late: { processAsync: () => new Promise((resolve) => setTimeout(() => resolve('late'), 1_000)) } });
    const request = await h.enqueue('late');

    const done = h.processor.processRequest(request.requestId);
    await h.stores.requests.cancel(request.requestId);
    await jest.advanceTimersByTimeAsync(1_000);

    await expect(done).resolves.toMatchObject({ disposition: 'discarded' });
    expect(await h.status(request.requestId)).toMatchObject({ status: 'cancelled' });
    expect((await h.status(request.requestId)).result).toBeUndefined();
    expect(h.sender.sent).toEqual([]);
  });
});

describe('processor: crash recovery through the lease', () => {
  it('skips a redelivery while the lease of a dead invocation lasts, and runs attempt 2 once it has expired', async () => {
    const processAsync = jest.fn(async () => 'recovered');
    const h = createHarness({ job: { processAsync } });
    const request = await h.enqueue('job');
    // An invocation claimed the request and died before settling it.
    await h.stores.requests.claim(request.requestId, { leaseMs: 30_000 });

    await expect(h.processor.processRequest(request.requestId)).resolves.toEqual({ requestId: request.requestId, disposition: 'skipped' });
    expect(processAsync).not.toHaveBeenCalled();

    jest.setSystemTime(T0 + 30_001);
    await expect(h.deliverInserts(request)).resolves.toEqual({ batchItemFailures: [] });

    expect(processAsync).toHaveBeenCalledTimes(1);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', attempts: 2, result: 'recovered' });
    expect(h.sender.terminalFor(request.clientId)).toHaveLength(1);
  });

  it('fails a request without running it once crashed attempts have used up its retries', async () => {
    const processAsync = jest.fn(async () => 'never');
    const h = createHarness({ job: { processAsync } }, { maxRetries: 1 });
    const request = await h.enqueue('job');
    for (let crash = 1; crash <= 2; crash += 1) {
      await h.stores.requests.claim(request.requestId, { leaseMs: 1_000 });
      jest.setSystemTime(Date.now() + 1_001);
    }

    await expect(h.processor.processRequest(request.requestId)).resolves.toMatchObject({ disposition: 'failed', attempt: 3 });

    expect(processAsync).not.toHaveBeenCalled();
    expect(h.sender.terminalFor(request.clientId)).toEqual([
      { id: request.clientId, type: 'error', success: false, error: { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true } },
    ]);
  });
});
