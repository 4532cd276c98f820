import { FatalError, type Handler, RetryableError } from '@streamer/handler-api';
import { createHarness } from './test-support/harness';
import { streamInsertEvent } from './testing';

/** Fails with `error(attempt)` while attempt ≤ failures, then returns 'ok'. */
function failing(failures: number, error: (attempt: number) => Error): Handler {
  return {
    processAsync: async (_req, { attempt }) => {
      if (attempt <= failures) throw error(attempt);
      return 'ok';
    },
  };
}

describe('processor: retries', () => {
  it('re-queues a RetryableError through the retry queue with exponential delays, silently, then completes', async () => {
    const h = createHarness({ flaky: failing(3, () => new RetryableError('Upstream busy')) }, { retryDelayMs: 5_000, maxRetries: 3 });
    const request = await h.enqueue('flaky');

    await h.deliverInserts(request);
    expect(await h.status(request.requestId)).toMatchObject({
      status: 'queued',
      attempts: 1,
      lastError: { code: 'INTERNAL_ERROR', message: 'Upstream busy', retryable: true },
    });
    while (h.retryQueue.pending.length > 0) await h.processor.handleSqsEvent(h.retryQueue.drain());

    expect(h.retryQueue.history).toEqual([
      { requestId: request.requestId, delaySeconds: 5 },
      { requestId: request.requestId, delaySeconds: 10 },
      { requestId: request.requestId, delaySeconds: 20 },
    ]);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', attempts: 4, result: 'ok' });
    expect(h.sender.messagesTo('conn-1')).toEqual([{ id: request.clientId, type: 'result', success: true, data: 'ok' }]);
  });

  it('fails after MAX_RETRIES retries with exactly one error message', async () => {
    const h = createHarness({ flaky: failing(10, (n) => new RetryableError(`Busy ${n}`)) }, { maxRetries: 2 });
    const request = await h.enqueue('flaky');

    await h.deliverInserts(request);
    while (h.retryQueue.pending.length > 0) await h.processor.handleSqsEvent(h.retryQueue.drain());

    expect(h.retryQueue.history).toHaveLength(2);
    expect(await h.status(request.requestId)).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: { code: 'INTERNAL_ERROR', message: 'Busy 3', retryable: true },
    });
    expect(h.sender.messagesTo('conn-1')).toEqual([
      { id: request.clientId, type: 'error', success: false, error: { code: 'INTERNAL_ERROR', message: 'Busy 3', retryable: true } },
    ]);
  });

  it('never retries with maxRetries 0', async () => {
    const h = createHarness({ flaky: failing(1, () => new RetryableError('Busy')) }, { maxRetries: 0 });
    const request = await h.enqueue('flaky');

    await h.deliverInserts(request);

    expect(h.retryQueue.history).toEqual([]);
    expect((await h.status(request.requestId)).status).toBe('failed');
  });

  it('fails a FatalError at once, keeping its code and message', async () => {
    const h = createHarness({ fatal: failing(1, () => new FatalError('Unknown report type', { code: 'INVALID_REQUEST' })) });
    const request = await h.enqueue('fatal');

    await h.deliverInserts(request);

    expect(h.retryQueue.history).toEqual([]);
    expect(await h.status(request.requestId)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(h.sender.terminalFor(request.clientId)).toEqual([
      { id: request.clientId, type: 'error', success: false, error: { code: 'INVALID_REQUEST', message: 'Unknown report type', retryable: false } },
    ]);
  });

  it('treats an unknown error as a retryable INTERNAL_ERROR and never sends its message', async () => {
    const h = createHarness({ broken: failing(10, () => new Error('password=hunter2 at db.internal')) }, { maxRetries: 1 });
    const request = await h.enqueue('broken');

    await h.deliverInserts(request);
    expect(h.retryQueue.history).toEqual([{ requestId: request.requestId, delaySeconds: 5 }]);
    await h.processor.handleSqsEvent(h.retryQueue.drain());

    const stored = await h.status(request.requestId);
    expect(stored.error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true });
    expect(JSON.stringify(h.sender.sent)).not.toContain('hunter2');
    expect(h.sender.terminalFor(request.clientId)).toEqual([
      { id: request.clientId, type: 'error', success: false, error: { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true } },
    ]);
  });

  it('rejects an invalid payload with INVALID_REQUEST without running the handler', async () => {
    const processAsync = jest.fn(async () => 'never');
    const strict: Handler = {
      schema: { '~standard': { version: 1, vendor: 'test', validate: () => ({ issues: [{ message: 'Required', path: ['recordCount'] }] }) } },
      processAsync,
    };
    const h = createHarness({ strict });
    const request = await h.enqueue('strict');

    await h.deliverInserts(request);

    expect(processAsync).not.toHaveBeenCalled();
    expect((await h.status(request.requestId)).error).toEqual({
      code: 'INVALID_REQUEST',
      message: 'Invalid payload: recordCount: Required',
      retryable: false,
    });
  });

  it('retries a request whose action has no background handler here (e.g. during a deployment)', async () => {
    const h = createHarness({ syncOnly: { process: () => 'sync' } });
    const request = await h.enqueue('syncOnly');

    await h.deliverInserts(request);

    expect(await h.status(request.requestId)).toMatchObject({ status: 'queued', lastError: { code: 'INTERNAL_ERROR' } });
    expect(h.retryQueue.history).toHaveLength(1);
  });

  it('fails the record when the retry cannot be queued, and its redelivery runs the next attempt', async () => {
    const h = createHarness({ flaky: failing(1, () => new RetryableError('Busy')) });
    const request = await h.enqueue('flaky');
    h.retryQueue.failNext();
    const insert = streamInsertEvent([request]);

    const first = await h.processor.handleStreamEvent(insert);
    expect(first.batchItemFailures).toEqual([{ itemIdentifier: insert.Records[0]?.dynamodb?.SequenceNumber }]);
    expect((await h.status(request.requestId)).status).toBe('queued');

    await expect(h.processor.handleStreamEvent(insert)).resolves.toEqual({ batchItemFailures: [] });
    expect(await h.status(request.requestId)).toMatchObject({ status: 'completed', attempts: 2 });
  });

  it('fails the record when the store is unavailable, so Lambda redelivers it', async () => {
    const h = createHarness({ flaky: failing(0, () => new Error('unused')) });
    const request = await h.enqueue('flaky');
    const outage = new Error('DynamoDB unavailable');
    jest.spyOn(h.stores.requests, 'claim').mockRejectedValueOnce(outage);

    const response = await h.deliverInserts(request);

    expect(response.batchItemFailures).toHaveLength(1);
    expect((await h.status(request.requestId)).status).toBe('queued');
  });
});
