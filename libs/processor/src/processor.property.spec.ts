import { error } from '@streamer/protocol';
import { FatalError, type Handler, type HandlerRequest, RetryableError } from '@streamer/handler-api';
import fc from 'fast-check';
import { retryDelaySeconds } from './settle';
import { createHarness, type Harness, invocationWith } from './test-support/harness';
import { streamInsertEvent } from './testing';

type Step = 'ok' | 'retryable' | 'fatal' | 'unknown' | 'timeout' | 'cancel';

beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
afterEach(() => jest.useRealTimers());

/** The router's side of `cancel`: it wins the transition, then sends CANCELLED. */
async function routerCancel(h: Harness, requestId: string, connectionId: string, clientId: string): Promise<void> {
  await h.stores.requests.cancel(requestId);
  await h.sender.send(connectionId, error(clientId, 'CANCELLED', 'Request cancelled'));
}

/** The handler does what the script says for each attempt; "cancel" is the router cancelling mid-run. */
function scripted(steps: readonly Step[], cancel: (req: HandlerRequest) => Promise<void>): Handler {
  return {
    processAsync: async (req, { attempt, reporter }) => {
      await reporter.progress(Math.min(1, attempt / 10), `attempt ${attempt}`);
      switch (steps[attempt - 1] ?? 'ok') {
        case 'ok':
          return { attempt };
        case 'retryable':
          throw new RetryableError('busy');
        case 'fatal':
          throw new FatalError('bad input');
        case 'unknown':
          throw new Error('boom');
        case 'timeout':
          return new Promise<never>(() => undefined);
        case 'cancel':
          await cancel(req);
          return { attempt, late: true };
      }
    },
  };
}

/** Where the script must end: the status and the attempt it ends on. */
function expected(steps: readonly Step[], maxRetries: number): { status: string; attempts: number } {
  for (let attempt = 1; ; attempt += 1) {
    const step = steps[attempt - 1] ?? 'ok';
    if (step === 'ok') return { status: 'completed', attempts: attempt };
    if (step === 'fatal') return { status: 'failed', attempts: attempt };
    if (step === 'cancel') return { status: 'cancelled', attempts: attempt };
    if (attempt > maxRetries) return { status: 'failed', attempts: attempt };
  }
}

async function settle<T>(work: Promise<T>): Promise<T> {
  await jest.advanceTimersByTimeAsync(10_000);
  return work;
}

describe('processor: exactly one terminal message', () => {
  it('for any sequence of outcomes and duplicate deliveries, sends ≤ 1 terminal message and ends terminal', async () => {
    const steps = fc.constantFrom<Step>('ok', 'retryable', 'fatal', 'unknown', 'timeout', 'cancel');
    await fc.assert(
      fc.asyncProperty(
        fc.array(steps, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        async (script, maxRetries, duplicates) => {
          const cancel = (req: HandlerRequest) => routerCancel(h, req.requestId, req.connectionId, req.id);
          const h: Harness = createHarness({ job: scripted(script, cancel) }, { maxRetries, deadlineMarginMs: 1_000 });
          const request = await h.enqueue('job');
          const insert = streamInsertEvent([request]);

          await settle(h.processor.handleStreamEvent(insert, invocationWith(10_000)));
          if (duplicates[0]) await settle(h.processor.handleStreamEvent(insert, invocationWith(10_000)));
          for (let round = 1; h.retryQueue.pending.length > 0; round += 1) {
            const batch = h.retryQueue.drain();
            await settle(h.processor.handleSqsEvent(batch, invocationWith(10_000)));
            if (duplicates[round % duplicates.length]) await settle(h.processor.handleSqsEvent(batch, invocationWith(10_000)));
          }

          const stored = await h.status(request.requestId);
          const want = expected(script, maxRetries);
          expect(h.sender.terminalFor(request.clientId)).toHaveLength(1);
          expect({ status: stored.status, attempts: stored.attempts }).toEqual(want);
          expect(h.retryQueue.history.map((entry) => entry.delaySeconds)).toEqual(
            Array.from({ length: want.attempts - 1 }, (_, i) => retryDelaySeconds(i + 1, 5_000)),
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});
