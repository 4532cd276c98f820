import type { Handler } from '@streamer/handler-api';
import { FatalError } from '@streamer/handler-api';
import type { ServerMessage } from '@streamer/protocol';
import { createHarness } from './test-support/harness';

/** What the connection manager throws: a typed error that says whether trying again can help. */
class SendError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

const report: Handler = {
  processAsync: async (_req, { reporter }) => {
    await reporter.progress(0.5, 'Half way');
    return { done: true };
  },
};

const broken: Handler = {
  processAsync: async () => {
    throw new FatalError('Cannot do that', { code: 'INVALID_REQUEST' });
  },
};

/** Makes the harness sender fail `times` sends of `type` with `error`, then behave. */
function failing(h: ReturnType<typeof createHarness>, type: ServerMessage['type'], times: number, error: () => Error): { attempts: number } {
  const counter = { attempts: 0 };
  const send = h.sender.send.bind(h.sender);
  h.sender.send = async (connectionId, message) => {
    if (message.type === type) {
      counter.attempts += 1;
      if (counter.attempts <= times) throw error();
    }
    return send(connectionId, message);
  };
  return counter;
}

describe('processor: delivery of the terminal message', () => {
  it('sends the result again after transient failures, so a live socket gets it exactly once', async () => {
    const h = createHarness({ report }, { terminalDeliveryDelayMs: 0 });
    const request = await h.enqueue('report', {}, 'c-1');
    const result = failing(h, 'result', 2, () => new SendError('Management API post failed: server (500)', true));

    await expect(h.deliverInserts(request)).resolves.toEqual({ batchItemFailures: [] });

    expect(result.attempts).toBe(3);
    expect(h.sender.terminalFor('c-1')).toEqual([{ id: 'c-1', type: 'result', success: true, data: { done: true } }]);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed' });
  });

  it('sends a failure’s error message again after a transient failure too', async () => {
    const h = createHarness({ broken }, { terminalDeliveryDelayMs: 0 });
    const request = await h.enqueue('broken', {}, 'c-2');
    const error = failing(h, 'error', 1, () => new SendError('throttled (429)', true));

    await h.deliverInserts(request);

    expect(error.attempts).toBe(2);
    expect(h.sender.terminalFor('c-2')).toEqual([expect.objectContaining({ type: 'error', error: expect.objectContaining({ code: 'INVALID_REQUEST' }) })]);
  });

  it('does not send again to a gone socket (not retryable): the stored result waits for `status`', async () => {
    const h = createHarness({ report }, { terminalDeliveryDelayMs: 0 });
    const request = await h.enqueue('report', {}, 'c-3');
    const result = failing(h, 'result', 10, () => new SendError('Connection is gone (410)', false));

    await expect(h.deliverInserts(request)).resolves.toEqual({ batchItemFailures: [] });

    expect(result.attempts).toBe(1);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', result: { done: true } });
  });

  it('gives up after terminalDeliveryRounds without failing the record', async () => {
    const h = createHarness({ report }, { terminalDeliveryDelayMs: 0, terminalDeliveryRounds: 3 });
    const request = await h.enqueue('report', {}, 'c-4');
    const result = failing(h, 'result', 10, () => new SendError('server (503)', true));

    await expect(h.deliverInserts(request)).resolves.toEqual({ batchItemFailures: [] });

    expect(result.attempts).toBe(3);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed' });
  });

  it('leaves progress best effort: a failed progress message is not sent again', async () => {
    const h = createHarness({ report }, { terminalDeliveryDelayMs: 0 });
    const request = await h.enqueue('report', {}, 'c-5');
    const progress = failing(h, 'progress', 10, () => new SendError('server (500)', true));

    await h.deliverInserts(request);

    expect(progress.attempts).toBe(1);
    expect(h.sender.terminalFor('c-5')).toHaveLength(1);
  });

  it('waits between rounds, doubling the pause', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] });
    try {
      const h = createHarness({ report }, { terminalDeliveryDelayMs: 100 });
      const request = await h.enqueue('report', {}, 'c-6');
      const result = failing(h, 'result', 2, () => new SendError('server (500)', true));

      const delivered = h.deliverInserts(request);
      await waitForAttempts(result, 1);
      await jest.advanceTimersByTimeAsync(99);
      expect(result.attempts).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(result.attempts).toBe(2);
      await jest.advanceTimersByTimeAsync(199);
      expect(result.attempts).toBe(2);
      await jest.advanceTimersByTimeAsync(1);
      await expect(delivered).resolves.toEqual({ batchItemFailures: [] });
      expect(result.attempts).toBe(3);
    } finally {
      jest.useRealTimers();
    }
  });
});

async function waitForAttempts(counter: { attempts: number }, n: number): Promise<void> {
  for (let i = 0; i < 1_000 && counter.attempts < n; i += 1) await jest.advanceTimersByTimeAsync(0);
  expect(counter.attempts).toBe(n);
}
