import { type AsyncHandlerContext, type Handler, RetryableError } from '@streamer/handler-api';
import type { ServerMessage } from '@streamer/protocol';
import { createHarness, invocationWith } from './test-support/harness';
import { streamInsertEvent } from './testing';

const T0 = Date.UTC(2026, 0, 1);

beforeEach(() => jest.useFakeTimers({ now: T0 }));
afterEach(() => jest.useRealTimers());

interface Count {
  done: number;
}

/** Counts to `total` in steps of one (each `stepMs` long), continuing explicitly every `perInvocation` steps. */
function counting(total: number, perInvocation: number, seen: AsyncHandlerContext[] = []): Handler {
  return {
    processAsync: async (_req, ctx) => {
      seen.push(ctx);
      let { done } = (ctx.continuation as Count | undefined) ?? { done: 0 };
      for (let step = 0; step < perInvocation && done < total; step++) {
        done += 1;
        await ctx.reporter.progress(done / total);
      }
      return done < total ? ctx.continueWith({ done }, done / total, `Step ${done}`) : { total: done };
    },
  };
}

/** Drains the retry queue until it is empty (each drain is one more invocation). */
async function drain(h: ReturnType<typeof createHarness>): Promise<number> {
  let invocations = 0;
  while (h.retryQueue.pending.length > 0) {
    await h.processor.handleSqsEvent(h.retryQueue.drain());
    invocations += 1;
  }
  return invocations;
}

const progressOf = (messages: ServerMessage[]): number[] => messages.flatMap((m) => (m.type === 'progress' ? [m.progress] : []));

describe('processor: jobs across invocations', () => {
  it('re-queues a continuation at once, hands its state to the next invocation and sends one result', async () => {
    const seen: AsyncHandlerContext[] = [];
    const h = createHarness({ count: counting(10, 3, seen) }, { progressIntervalMs: 0 });
    const request = await h.enqueue('count');

    await h.deliverInserts(request);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'queued', progress: 0.3, continuation: { state: { done: 3 }, segments: 1 } });
    expect(await drain(h)).toBe(3);

    expect(h.retryQueue.history).toEqual(Array(3).fill({ requestId: request.requestId, delaySeconds: 0 }));
    expect(seen.map((ctx) => [ctx.segment, ctx.attempt, ctx.continuation])).toEqual([
      [1, 1, undefined],
      [2, 1, { done: 3 }],
      [3, 1, { done: 6 }],
      [4, 1, { done: 9 }],
    ]);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', result: { total: 10 }, attempts: 4 });
    const sent = h.sender.messagesTo('conn-1');
    const progress = progressOf(sent);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(1);
    expect(h.sender.terminalFor(request.clientId)).toEqual([{ id: request.clientId, type: 'result', success: true, data: { total: 10 } }]);
  });

  it('counts retries from the last continuation, not from the start of the job', async () => {
    let calls = 0;
    const h = createHarness(
      {
        job: {
          processAsync: async (_req, ctx) => {
            calls += 1;
            // Every invocation fails once, then continues; the third one finishes.
            if (ctx.attempt === 1) throw new RetryableError('Blip');
            return ctx.segment < 3 ? ctx.continueWith({ segment: ctx.segment }) : 'done';
          },
        },
      },
      { maxRetries: 1, retryDelayMs: 0 },
    );
    const request = await h.enqueue('job');
    await h.deliverInserts(request);
    await drain(h);
    expect(calls).toBe(6);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', result: 'done' });
  });

  it('continues from the latest checkpoint when the invocation runs out of time', async () => {
    const steps: number[] = [];
    const job: Handler = {
      processAsync: async (_req, ctx) => {
        let done = (ctx.continuation as Count | undefined)?.done ?? 0;
        while (done < 10) {
          await new Promise((resolve) => setTimeout(resolve, 1_000));
          if (ctx.signal.aborted) return new Promise<never>(() => undefined);
          done += 1;
          steps.push(done);
          ctx.checkpoint({ done }, done / 10);
        }
        return { total: done };
      },
    };
    const h = createHarness({ job }, { deadlineMarginMs: 500, progressIntervalMs: 0 });
    const request = await h.enqueue('job');

    // Each invocation has 4 s: the deadline comes after 3.5 s, three steps in.
    let run = h.processor.handleStreamEvent(streamInsertEvent([request]), invocationWith(4_000));
    for (let invocation = 0; invocation < 10 && !(await h.status(request.requestId)).status.match(/completed|failed/); invocation++) {
      await jest.advanceTimersByTimeAsync(4_000);
      await run;
      if (h.retryQueue.pending.length === 0) break;
      run = h.processor.handleSqsEvent(h.retryQueue.drain(), invocationWith(4_000));
    }

    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', result: { total: 10 } });
    expect(steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(h.retryQueue.history.length).toBeGreaterThanOrEqual(3);
    expect(h.retryQueue.history.every((entry) => entry.delaySeconds === 0)).toBe(true);
    expect(h.sender.terminalFor(request.clientId)).toHaveLength(1);
  });

  it('a cancel between invocations ends the job: the next delivery does not run it', async () => {
    const seen: AsyncHandlerContext[] = [];
    const h = createHarness({ count: counting(10, 3, seen) });
    const request = await h.enqueue('count');
    await h.deliverInserts(request);
    await h.stores.requests.cancel(request.requestId);

    await drain(h);

    expect(seen).toHaveLength(1);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'cancelled', progress: 0.3 });
    expect(h.sender.terminalFor(request.clientId)).toEqual([]);
  });

  it('fails the job when its continuation state cannot be stored', async () => {
    const h = createHarness({ fat: { processAsync: async (_req, ctx) => ctx.continueWith({ blob: 'x'.repeat(70_000) }) } });
    const request = await h.enqueue('fat');
    await h.deliverInserts(request);
    expect(await h.status(request.requestId)).toMatchObject({
      status: 'failed',
      error: { code: 'INTERNAL_ERROR', message: 'Continuation state is over 65536 bytes', retryable: false },
    });
    expect(h.retryQueue.history).toEqual([]);
  });
});
