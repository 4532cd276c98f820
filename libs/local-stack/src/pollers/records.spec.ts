import type { Message } from '@aws-sdk/client-sqs';
import { readBatchResponse, toSqsRecord } from './sqs-poller';
import { matchesFilter, QUEUED_INSERT_PATTERN } from './stream-delivery';

describe('the processor filter (QUEUED_INSERT_FILTER)', () => {
  const insert = (status: unknown) => ({ eventName: 'INSERT', dynamodb: { NewImage: { status } } });

  it('passes inserts of queued requests only', () => {
    expect(matchesFilter(insert({ S: 'queued' }), QUEUED_INSERT_PATTERN)).toBe(true);
    expect(matchesFilter(insert({ S: 'processing' }), QUEUED_INSERT_PATTERN)).toBe(false);
    expect(matchesFilter({ ...insert({ S: 'queued' }), eventName: 'MODIFY' }, QUEUED_INSERT_PATTERN)).toBe(false);
    expect(matchesFilter({ eventName: 'INSERT', dynamodb: { NewImage: {} } }, QUEUED_INSERT_PATTERN)).toBe(false);
    expect(matchesFilter({ eventName: 'INSERT' }, QUEUED_INSERT_PATTERN)).toBe(false);
  });
});

describe('SQS messages as Lambda sees them', () => {
  it('maps a received message to an SQSRecord', () => {
    const message: Message = {
      MessageId: 'm1',
      ReceiptHandle: 'h1',
      Body: '{"requestId":"r1"}',
      MD5OfBody: 'md5',
      Attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1', SenderId: 'S', ApproximateFirstReceiveTimestamp: '2' },
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'retry' }, raw: { DataType: 'Binary', BinaryValue: new Uint8Array([1]) } },
    };
    expect(toSqsRecord(message, 'arn:aws:sqs:us-east-1:123456789012:retry', 'us-east-1')).toEqual({
      messageId: 'm1',
      receiptHandle: 'h1',
      body: '{"requestId":"r1"}',
      attributes: { ApproximateReceiveCount: '2', SentTimestamp: '1', SenderId: 'S', ApproximateFirstReceiveTimestamp: '2' },
      messageAttributes: {
        kind: { dataType: 'String', stringValue: 'retry', stringListValues: [], binaryListValues: [] },
        raw: { dataType: 'Binary', binaryValue: 'AQ==', stringListValues: [], binaryListValues: [] },
      },
      md5OfBody: 'md5',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:retry',
      awsRegion: 'us-east-1',
    });
  });
});

describe('partial batch responses', () => {
  const ids = ['a', 'b'];

  it('reads no response, null and an empty list as success', () => {
    for (const response of [undefined, null, {}, { batchItemFailures: [] }, { batchItemFailures: null }]) {
      expect(readBatchResponse(response, ids)).toEqual({ failed: new Set(), wholeBatch: false });
    }
  });

  it('fails the named records, or the whole batch when a name is unusable', () => {
    expect(readBatchResponse({ batchItemFailures: [{ itemIdentifier: 'b' }] }, ids)).toEqual({ failed: new Set(['b']), wholeBatch: false });
    for (const bad of [{ batchItemFailures: [{ itemIdentifier: '' }] }, { batchItemFailures: [{}] }, { batchItemFailures: 'b' }, { batchItemFailures: [{ itemIdentifier: 'z' }] }]) {
      expect(readBatchResponse(bad, ids)).toEqual({ failed: new Set(ids), wholeBatch: true });
    }
  });
});
