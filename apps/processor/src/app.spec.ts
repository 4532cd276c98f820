import { sqsRecord } from '@streamer/processor/testing';
import { UnsupportedEventError } from '@streamer/processor';
import type { SQSEvent } from 'aws-lambda';
import { createAppHarness, lambdaContext } from './test-support/app-harness';

beforeEach(() => jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) }));
afterEach(() => jest.useRealTimers());

describe('processor app', () => {
  it('runs a queued generate_report from a stream INSERT and posts its progress, then its stored result', async () => {
    const app = createAppHarness();
    const request = await app.queue('generate_report', { recordCount: 5000 }, 'c-42');

    const done = app.handler(app.insertEvent(request), lambdaContext());
    await jest.advanceTimersByTimeAsync(1_000);

    await expect(done).resolves.toEqual({ batchItemFailures: [] });
    const frames = app.gateway.delivered('conn-1') as { type: string; progress?: number; message?: string }[];
    const progress = frames.filter((frame) => frame.type === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const values = progress.map((frame) => frame.progress ?? -1);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(progress[0]).toMatchObject({ id: 'c-42', requestId: request.requestId, message: 'Collecting records…' });
    expect(progress.at(-1)).toMatchObject({ progress: 1 });
    expect(frames.at(-1)).toEqual({
      id: 'c-42',
      type: 'result',
      success: true,
      data: { url: `https://reports.example.com/tenant-1/${request.requestId}.pdf`, recordCount: 5000 },
    });
    expect(await app.stores.requests.get(request.requestId)).toMatchObject({ status: 'completed', progress: 1 });
  });

  it('retries flaky through the SQS retry queue with RETRY_DELAY backoff, posting only the final result', async () => {
    const app = createAppHarness({ retryDelayMs: 2_000 });
    const request = await app.queue('flaky', { failures: 2 });

    await app.handler(app.insertEvent(request), lambdaContext());
    const firstRetry = app.retryQueue.drain();
    expect(firstRetry.Records.map((record) => JSON.parse(record.body))).toEqual([{ requestId: request.requestId }]);
    await expect(app.handler(firstRetry, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    await app.handler(app.retryQueue.drain(), lambdaContext());

    expect(app.retryQueue.history.map((entry) => entry.delaySeconds)).toEqual([2, 4]);
    const terminal = (app.gateway.delivered('conn-1') as { type: string }[]).filter((frame) => frame.type !== 'progress');
    expect(terminal).toEqual([{ id: request.clientId, type: 'result', success: true, data: { attempts: 3 } }]);
    expect(await app.stores.requests.get(request.requestId)).toMatchObject({ status: 'completed', attempts: 3 });
  });

  it('keeps the result for `status` when the socket is gone (410)', async () => {
    const app = createAppHarness();
    const request = await app.queue('generate_report', { recordCount: 2000 });
    app.gateway.setStatus('conn-1', 410);

    const done = app.handler(app.insertEvent(request), lambdaContext());
    await jest.advanceTimersByTimeAsync(1_000);

    await expect(done).resolves.toEqual({ batchItemFailures: [] });
    expect(app.gateway.delivered('conn-1')).toEqual([]);
    expect(await app.stores.requests.get(request.requestId)).toMatchObject({ status: 'completed', result: { recordCount: 2000 } });
  });

  it('aborts the handler before the Lambda deadline and schedules a TIMEOUT retry', async () => {
    const app = createAppHarness({ deadlineMarginMs: 1_000 }, 10_000);
    const request = await app.queue('generate_report', { recordCount: 5000 });

    const done = app.handler(app.insertEvent(request), lambdaContext(5_000));
    await jest.advanceTimersByTimeAsync(4_000);

    await expect(done).resolves.toEqual({ batchItemFailures: [] });
    expect(await app.stores.requests.get(request.requestId)).toMatchObject({ status: 'queued', lastError: { code: 'TIMEOUT' } });
    expect(app.retryQueue.history).toEqual([{ requestId: request.requestId, delaySeconds: 5 }]);
  });

  it('reports a malformed retry message as a batch item failure without blocking its neighbour', async () => {
    const app = createAppHarness();
    const request = await app.queue('flaky', { failures: 0 });
    const poison = sqsRecord('{"requestId": ');
    const event: SQSEvent = { Records: [poison, sqsRecord(JSON.stringify({ requestId: request.requestId }))] };

    await expect(app.handler(event, lambdaContext())).resolves.toEqual({ batchItemFailures: [{ itemIdentifier: poison.messageId }] });
    expect(await app.stores.requests.get(request.requestId)).toMatchObject({ status: 'completed', attempts: 1 });
  });

  it('fails the request of a message from the retry DLQ with INTERNAL_ERROR and posts it (dispatch by queue ARN)', async () => {
    const dlq = 'arn:aws:sqs:us-east-1:123456789012:streamer-retry-dlq';
    const app = createAppHarness({ deadLetterQueueArns: { retry: dlq } });
    const request = await app.queue('flaky', {}, 'c-dead');

    const event: SQSEvent = { Records: [{ ...sqsRecord(JSON.stringify({ requestId: request.requestId })), eventSourceARN: dlq }] };
    await expect(app.handler(event, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });

    expect(await app.stores.requests.get(request.requestId)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR' } });
    expect(app.gateway.delivered('conn-1')).toEqual([{ id: 'c-dead', type: 'error', success: false, error: expect.objectContaining({ code: 'INTERNAL_ERROR', retryable: true }) }]);
  });

  it('answers an empty batch with no failures and refuses events from other sources', async () => {
    const app = createAppHarness();

    await expect(app.handler({ Records: [] }, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    const foreign = { Records: [{ ...sqsRecord('{}'), eventSource: 'aws:kinesis' }] } as SQSEvent;
    await expect(app.handler(foreign, lambdaContext())).rejects.toThrow(UnsupportedEventError);
    await expect(app.handler({} as SQSEvent, lambdaContext())).rejects.toThrow(/no Records/);
  });

  it('settles the cleanup of a gone socket before returning (Lambda freezes the environment afterwards)', async () => {
    const app = createAppHarness();
    const request = await app.queue('generate_report', { recordCount: 2000 });
    app.gateway.setStatus('conn-1', 410);
    let cleaned = false;
    const markDisconnected = app.stores.connections.markDisconnected.bind(app.stores.connections);
    jest.spyOn(app.stores.connections, 'markDisconnected').mockImplementation(async (id, options) => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const record = await markDisconnected(id, options);
      cleaned = true;
      return record;
    });

    const cleanedWhenReturned = app.handler(app.insertEvent(request), lambdaContext()).then(() => cleaned);
    await jest.advanceTimersByTimeAsync(2_000);

    await expect(cleanedWhenReturned).resolves.toBe(true);
    expect((await app.stores.connections.get('conn-1'))?.status).toBe('DISCONNECTED');
  });
});
