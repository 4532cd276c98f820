// A client that reconnects mid-run and asks `status` moves its request to the new socket (the router
// reattaches it): the remaining progress and the terminal message follow it there.
import type { Handler } from '@streamer/handler-api';
import { createHarness } from './test-support/harness';

const T0 = Date.UTC(2026, 0, 1);

beforeEach(() => jest.useFakeTimers({ now: T0 }));
afterEach(() => jest.useRealTimers());

const tick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Four steps of one second, reporting 0.25 … 1; fails on the last step when `failAtEnd`. */
function steps(failAtEnd = false): Handler {
  return {
    processAsync: async (_request, { reporter }) => {
      for (const value of [0.25, 0.5, 0.75, 1]) {
        await tick(1_000);
        await reporter.progress(value, `step ${value * 4}`);
      }
      if (failAtEnd) throw new Error('boom');
      return { done: true };
    },
  };
}

function progressOf(messages: { type: string }[]): number[] {
  return messages.flatMap((message) => ('progress' in message && typeof message.progress === 'number' ? [message.progress] : []));
}

describe('processor: a request that follows its client to a new connection', () => {
  it('sends the remaining progress and the result to the new connection after the next status check', async () => {
    const h = createHarness({ steps: steps() }, { cancelPollMs: 500, progressIntervalMs: 0 });
    const request = await h.enqueue('steps');
    const done = h.deliverInserts(request);
    await jest.advanceTimersByTimeAsync(1_100);
    expect(progressOf(h.sender.messagesTo('conn-1'))).toEqual([0.25]);

    await h.stores.requests.reattach(request.requestId, 'conn-2', 'user-1');
    await jest.advanceTimersByTimeAsync(4_000);
    await expect(done).resolves.toEqual({ batchItemFailures: [] });

    expect(progressOf(h.sender.messagesTo('conn-1'))).toEqual([0.25]);
    expect(progressOf(h.sender.messagesTo('conn-2'))).toEqual([0.5, 0.75, 1]);
    expect(h.sender.terminalFor(request.clientId)).toEqual([{ id: request.clientId, type: 'result', success: true, data: { done: true } }]);
    expect(h.sender.messagesTo('conn-2').at(-1)).toMatchObject({ type: 'result' });
  });

  it('sends the terminal message to the connection stored with the outcome, even with status checks off', async () => {
    const h = createHarness({ steps: steps(true) }, { cancelPollMs: 0, progressIntervalMs: 0, maxRetries: 0 });
    const request = await h.enqueue('steps');
    const done = h.deliverInserts(request);
    await jest.advanceTimersByTimeAsync(1_100);
    await h.stores.requests.reattach(request.requestId, 'conn-2', 'user-1');
    await jest.advanceTimersByTimeAsync(4_000);
    await done;

    expect(progressOf(h.sender.messagesTo('conn-1'))).toEqual([0.25, 0.5, 0.75, 1]);
    expect(h.sender.messagesTo('conn-2')).toEqual([
      { id: request.clientId, type: 'error', success: false, error: { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true } },
    ]);
  });
});
