import type { _Record as StreamApiRecord } from '@aws-sdk/client-dynamodb-streams';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Handler } from '@streamer/handler-api';
import type { RequestRecord } from '@streamer/store';
import type { SQSEvent } from 'aws-lambda';
import { createHarness } from './test-support/harness';
import { sqsRecord } from './testing';
import { FakeStreamBatchReader } from './testing/fake-stream-batch-reader';
import { retryMessageBody } from './records';

const RETRY_DLQ = 'arn:aws:sqs:us-east-1:123456789012:streamer-retry-dlq';
const STREAM_DLQ = 'arn:aws:sqs:us-east-1:123456789012:streamer-stream-dlq';
const STREAM = 'arn:aws:dynamodb:us-east-1:123456789012:table/requests/stream/2026-01-01T00:00:00.000';

const report: Handler = { processAsync: async () => ({ done: true }) };

function setup() {
  const reader = new FakeStreamBatchReader();
  const h = createHarness({ report }, { deadLetters: { retryQueueArn: RETRY_DLQ, streamQueueArn: STREAM_DLQ, streamReader: reader }, terminalDeliveryDelayMs: 0 });
  return { h, reader };
}

function fromQueue(queueArn: string, ...bodies: string[]): SQSEvent {
  return { Records: bodies.map((body) => ({ ...sqsRecord(body), eventSourceARN: queueArn })) };
}

/** Lambda's on-failure invocation record for a stream batch (the fields AWS documents). */
function invocationRecord(start: string, end: string): string {
  return JSON.stringify({
    requestContext: { requestId: 'r', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:processor', condition: 'RetryAttemptsExhausted', approximateInvokeCount: 4 },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: '2026-01-01T00:00:00.000Z',
    DDBStreamBatchInfo: {
      shardId: 'shardId-1',
      startSequenceNumber: start,
      endSequenceNumber: end,
      approximateArrivalOfFirstRecord: '2026-01-01T00:00:00Z',
      approximateArrivalOfLastRecord: '2026-01-01T00:00:00Z',
      batchSize: 1,
      streamArn: STREAM,
    },
  });
}

/** A Streams API record, as the reader returns it; `image` overrides the stored item's image. */
function streamApiRecord(sequence: string, eventName: 'INSERT' | 'MODIFY', item: RequestRecord, image?: object): StreamApiRecord {
  return {
    eventName,
    dynamodb: {
      Keys: { requestId: { S: item.requestId } },
      NewImage: (image ?? marshall(item, { removeUndefinedValues: true })) as never,
      SequenceNumber: sequence,
    },
  };
}

describe('processor: dead letters', () => {
  it('fails the request of a dead-lettered retry message with INTERNAL_ERROR and tells its client', async () => {
    const { h } = setup();
    const request = await h.enqueue('report', {}, 'c-1');

    await expect(h.processor.handleSqsEvent(fromQueue(RETRY_DLQ, retryMessageBody(request.requestId)))).resolves.toEqual({ batchItemFailures: [] });

    expect(await h.status(request.requestId)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR', retryable: true } });
    expect(h.sender.terminalFor('c-1')).toEqual([{ id: 'c-1', type: 'error', success: false, error: { code: 'INTERNAL_ERROR', message: expect.any(String), retryable: true } }]);
  });

  it('reads a dead-lettered stream batch back and fails its queued inserts, even one whose image cannot be decoded', async () => {
    const { h, reader } = setup();
    const poison = await h.enqueue('report', {}, 'c-poison');
    const neighbour = await h.enqueue('report', {}, 'c-neighbour');
    const modified = await h.enqueue('report', {}, 'c-modified');
    reader.records.push(
      // The image as DynamoDB Local's stream wrote it: an empty map without its `M`.
      streamApiRecord('101', 'INSERT', poison, { ...marshall(poison), payload: {} }),
      streamApiRecord('102', 'INSERT', neighbour),
      streamApiRecord('103', 'MODIFY', modified),
      streamApiRecord('104', 'INSERT', modified),
    );

    await expect(h.processor.handleSqsEvent(fromQueue(STREAM_DLQ, invocationRecord('101', '103')))).resolves.toEqual({ batchItemFailures: [] });

    expect(reader.reads).toEqual([{ streamArn: STREAM, shardId: 'shardId-1', startSequenceNumber: '101', endSequenceNumber: '103' }].map(expect.objectContaining));
    expect((await h.status(poison.requestId)).status).toBe('failed');
    expect((await h.status(neighbour.requestId)).status).toBe('failed');
    // Outside the batch (104) or not an insert of a queued request (103): left alone.
    expect((await h.status(modified.requestId)).status).toBe('queued');
    expect(h.sender.terminalFor('c-poison')).toMatchObject([{ type: 'error', error: { code: 'INTERNAL_ERROR' } }]);
    expect(h.sender.terminalFor('c-modified')).toEqual([]);
  });

  it('leaves a request that finished meanwhile, or runs under a live lease, alone', async () => {
    const { h } = setup();
    const done = await h.enqueue('report', {}, 'c-done');
    await h.deliverInserts(done);
    const running = await h.enqueue('report', {}, 'c-running');
    await h.stores.requests.claim(running.requestId, { leaseMs: 60_000 });
    h.sender.sent.length = 0;

    await h.processor.handleSqsEvent(fromQueue(RETRY_DLQ, retryMessageBody(done.requestId), retryMessageBody(running.requestId)));

    expect((await h.status(done.requestId)).status).toBe('completed');
    expect((await h.status(running.requestId)).status).toBe('processing');
    expect(h.sender.sent).toEqual([]);
  });

  it('fails a request whose run died (processing with an expired lease)', async () => {
    const { h } = setup();
    const request = await h.enqueue('report', {}, 'c-died');
    await h.stores.requests.claim(request.requestId, { leaseMs: 1, now: Date.now() - 1_000 });

    await h.processor.handleSqsEvent(fromQueue(RETRY_DLQ, retryMessageBody(request.requestId)));

    expect(await h.status(request.requestId)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR' } });
  });

  it('stores the failure for `status` when the client’s socket is gone', async () => {
    const { h } = setup();
    const request = await h.enqueue('report', {}, 'c-gone');
    h.sender.gone.add(request.connectionId);

    await expect(h.processor.handleSqsEvent(fromQueue(RETRY_DLQ, retryMessageBody(request.requestId)))).resolves.toEqual({ batchItemFailures: [] });

    expect(await h.status(request.requestId)).toMatchObject({ status: 'failed', error: { code: 'INTERNAL_ERROR' } });
  });

  it('reports a dead letter it cannot resolve as a batch item failure, so SQS retries it and its redrive parks it', async () => {
    const { h, reader } = setup();
    reader.failNext();
    const event = fromQueue(STREAM_DLQ, invocationRecord('1', '2'), 'not JSON');
    const retryEvent = fromQueue(RETRY_DLQ, '{"requestId": "has spaces"}');

    const streamResponse = await h.processor.handleSqsEvent(event);
    const retryResponse = await h.processor.handleSqsEvent(retryEvent);

    expect(streamResponse.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(event.Records.map((r) => r.messageId).sort());
    expect(retryResponse.batchItemFailures).toEqual([{ itemIdentifier: retryEvent.Records[0]?.messageId }]);
  });

  it('still runs retries from the retry queue itself', async () => {
    const { h } = setup();
    const request = await h.enqueue('report', {}, 'c-retry');

    await h.processor.handleSqsEvent({ Records: [sqsRecord(retryMessageBody(request.requestId))] });

    expect((await h.status(request.requestId)).status).toBe('completed');
  });
});
