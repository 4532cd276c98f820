// Which request a batch record asks to run. Stream records are filtered (only new queued requests);
// SQS records are retries scheduled by the processor itself. Malformed records are poison. Also what
// a batch tells about the queues behind it (sizes, ages, receive counts), read from the records alone.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Metrics } from '@streamer/kernel';
import { REQUEST_ID_PATTERN } from '@streamer/protocol';
import type { DynamoDBRecord, SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { PoisonRecordError } from './errors';

/**
 * Body of a message on the SQS retry queue (zod/mini: a few KiB in a Lambda bundle). A lease watchdog
 * message also names the claim it watches (`attempt`, the request's attempts after that claim).
 */
export const retryMessageSchema = z.object({
  requestId: z.string().check(z.regex(REQUEST_ID_PATTERN)),
  attempt: z.optional(z.number().check(z.int(), z.minimum(1))),
});

export type RetryMessage = z.infer<typeof retryMessageSchema>;

/** The SQS message body the processor writes for a delayed retry (or, with `attempt`, a lease watchdog). */
export function retryMessageBody(requestId: string, attempt?: number): string {
  return JSON.stringify((attempt === undefined ? { requestId } : { requestId, attempt }) satisfies RetryMessage);
}

/**
 * The request id of an INSERT of a `queued` request, or undefined for records the processor ignores:
 * MODIFY and REMOVE, items without a `status` (idempotency guards) and requests in any other status.
 */
export function requestIdFromStreamRecord(record: DynamoDBRecord): string | undefined {
  if (record.eventName !== 'INSERT') return undefined;
  const recordId = record.dynamodb?.SequenceNumber;
  const image = record.dynamodb?.NewImage;
  if (!image) {
    throw new PoisonRecordError('Stream record has no NewImage: the stream must include new images', { context: { recordId } });
  }
  let item: Record<string, unknown>;
  try {
    // aws-lambda's AttributeValue and the SDK's describe the same JSON with different TypeScript types.
    item = unmarshall(image as Record<string, AttributeValue>);
  } catch (cause) {
    throw new PoisonRecordError('Stream record image cannot be decoded', { cause, context: { recordId } });
  }
  if (item['status'] !== 'queued') return undefined;
  const requestId = item['requestId'];
  if (typeof requestId !== 'string' || requestId === '') {
    throw new PoisonRecordError('Queued request image has no requestId', { context: { recordId } });
  }
  return requestId;
}

/** The request id carried by a retry message; a body that is not `{"requestId": "…"}` is poison. */
export function requestIdFromSqsRecord(record: SQSRecord): string {
  return retryMessageFromSqsRecord(record).requestId;
}

/** The whole retry (or watchdog) message; a body that is not `{"requestId": "…", "attempt"?: n}` is poison. */
export function retryMessageFromSqsRecord(record: SQSRecord): RetryMessage {
  const recordId = record.messageId;
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (cause) {
    throw new PoisonRecordError('Retry message body is not JSON', { cause, context: { recordId } });
  }
  const parsed = retryMessageSchema.safeParse(body);
  if (!parsed.success) {
    throw new PoisonRecordError('Retry message body must be {"requestId": "…"}', { cause: parsed.error, context: { recordId } });
  }
  return parsed.data;
}

/**
 * The queue depths as this batch shows them, without an API call: `BatchSize` by source, and the
 * oldest record's age — `StreamRecordAge` from `dynamodb.ApproximateCreationDateTime` (epoch seconds;
 * what the stream's IteratorAge measures), `QueueMessageAge` from SQS's `SentTimestamp` (epoch ms) —
 * plus the highest `ApproximateReceiveCount` (`ReceiveCount`: how often a message came back).
 * https://docs.aws.amazon.com/lambda/latest/dg/with-ddb.html, https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
 */
export function observeBatch(metrics: Metrics, source: string, records: ReadonlyArray<DynamoDBRecord | SQSRecord>, now: number): void {
  if (records.length === 0) return;
  const dimensions = { source };
  metrics.gauge('BatchSize', records.length, dimensions);
  let oldest = Number.POSITIVE_INFINITY;
  let receives = 0;
  for (const record of records) {
    if ('attributes' in record) {
      oldest = Math.min(oldest, Number(record.attributes.SentTimestamp));
      receives = Math.max(receives, Number(record.attributes.ApproximateReceiveCount));
    } else {
      oldest = Math.min(oldest, Number(record.dynamodb?.ApproximateCreationDateTime) * 1000);
    }
  }
  const stream = source === 'stream';
  if (Number.isFinite(oldest)) metrics.timing(stream ? 'StreamRecordAge' : 'QueueMessageAge', Math.max(0, now - oldest), dimensions);
  if (!stream && Number.isFinite(receives) && receives > 0) metrics.gauge('ReceiveCount', receives, dimensions);
}
