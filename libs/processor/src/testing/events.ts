// Builders of real-shaped Lambda events for tests.
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { retryMessageBody } from '../records';

type StreamImage = NonNullable<NonNullable<DynamoDBRecord['dynamodb']>['NewImage']>;

let sequence = 0;

function image(item: object): StreamImage {
  return marshall(item, { removeUndefinedValues: true, convertClassInstanceToMap: true }) as StreamImage;
}

/** One stream record as Lambda delivers it from a NEW_AND_OLD_IMAGES stream. */
export function streamRecord(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  images: { newImage?: object; oldImage?: object; keys?: object },
): DynamoDBRecord {
  sequence += 1;
  const keys = images.keys ?? images.newImage ?? images.oldImage ?? {};
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'us-east-1',
    eventSourceARN: 'arn:aws:dynamodb:us-east-1:123456789012:table/requests/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      ApproximateCreationDateTime: 1_767_225_600,
      Keys: image(pickKey(keys)),
      ...(images.newImage ? { NewImage: image(images.newImage) } : {}),
      ...(images.oldImage ? { OldImage: image(images.oldImage) } : {}),
      SequenceNumber: String(100_000_000 + sequence),
      SizeBytes: 256,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

function pickKey(item: object): object {
  const requestId = (item as { requestId?: unknown }).requestId;
  return typeof requestId === 'string' ? { requestId } : item;
}

/** A stream batch of INSERTs of the given items (requests as the router stores them). */
export function streamInsertEvent(items: readonly object[]): DynamoDBStreamEvent {
  return { Records: items.map((item) => streamRecord('INSERT', { newImage: item, keys: item })) };
}

/** An SQS record with a raw body. */
export function sqsRecord(body: string): SQSRecord {
  sequence += 1;
  return {
    messageId: `message-${sequence}`,
    receiptHandle: `receipt-${sequence}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1767225600000',
      SenderId: 'AIDAEXAMPLE',
      ApproximateFirstReceiveTimestamp: '1767225600000',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:streamer-retries',
    awsRegion: 'us-east-1',
  };
}

/** An SQS batch of retry messages for the given request ids. */
export function sqsRetryEvent(requestIds: readonly string[]): SQSEvent {
  return { Records: requestIds.map((requestId) => sqsRecord(retryMessageBody(requestId))) };
}
