import type { Handler } from '@streamer/handler-api';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { UnsupportedEventError } from './errors';
import { createHarness } from './test-support/harness';
import { sqsRecord, sqsRetryEvent, streamInsertEvent } from './testing';

const report: Handler = { processAsync: async () => ({ done: true }) };

describe('processor: dispatch on the event source (handleEvent)', () => {
  it('runs a stream batch as new requests and an SQS batch as retries', async () => {
    const h = createHarness({ report });
    const fresh = await h.enqueue('report');
    const retried = await h.enqueue('report');

    await expect(h.processor.handleEvent(streamInsertEvent([fresh]))).resolves.toEqual({ batchItemFailures: [] });
    await expect(h.processor.handleEvent(sqsRetryEvent([retried.requestId]))).resolves.toEqual({ batchItemFailures: [] });

    expect(await h.status(fresh.requestId)).toMatchObject({ status: 'completed', result: { done: true } });
    expect(await h.status(retried.requestId)).toMatchObject({ status: 'completed', result: { done: true } });
    expect(h.sender.terminalFor(fresh.clientId)).toHaveLength(1);
    expect(h.sender.terminalFor(retried.clientId)).toHaveLength(1);
  });

  it('dispatches an SQS batch from a dead-letter queue on its queue ARN', async () => {
    const dlq = 'arn:aws:sqs:us-east-1:123456789012:streamer-retry-dlq';
    const h = createHarness({ report }, { deadLetters: { retryQueueArn: dlq }, terminalDeliveryDelayMs: 0 });
    const request = await h.enqueue('report');
    const event: SQSEvent = { Records: sqsRetryEvent([request.requestId]).Records.map((record) => ({ ...record, eventSourceARN: dlq })) };

    await expect(h.processor.handleEvent(event)).resolves.toEqual({ batchItemFailures: [] });

    expect(await h.status(request.requestId)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR' } });
  });

  it('answers an empty batch with no failures', async () => {
    const h = createHarness({ report });

    await expect(h.processor.handleEvent({ Records: [] })).resolves.toEqual({ batchItemFailures: [] });
  });

  it('refuses an event without Records, from another source, or mixing sources', async () => {
    const h = createHarness({ report });
    const request = await h.enqueue('report');
    const foreign = { Records: [{ ...sqsRecord('{}'), eventSource: 'aws:kinesis' }] } as SQSEvent;
    const mixed = { Records: [...streamInsertEvent([request]).Records, ...sqsRetryEvent([request.requestId]).Records] } as unknown as DynamoDBStreamEvent;

    const refusal = (message: string) => expect.objectContaining({ constructor: UnsupportedEventError, message });
    await expect(h.processor.handleEvent({} as SQSEvent)).rejects.toEqual(refusal('Event has no Records: expected a DynamoDB Stream or SQS batch'));
    await expect(h.processor.handleEvent(foreign)).rejects.toEqual(refusal('Unsupported event source aws:kinesis'));
    await expect(h.processor.handleEvent(mixed)).rejects.toEqual(refusal('Batch mixes event sources'));
    expect(await h.status(request.requestId)).toMatchObject({ status: 'queued', attempts: 0 });
    expect(h.sender.sent).toEqual([]);
  });
});
