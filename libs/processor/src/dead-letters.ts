// Dead letters: what Lambda and SQS give up on. A request whose stream record or retry message is
// dead-lettered would otherwise stay `queued` (or `processing`) forever and its client would wait for
// its own timeout. The processor consumes both dead-letter queues and fails each such request with
// INTERNAL_ERROR through the same conditional write and terminal send as any failed run.
//
// - Retry DLQ: SQS moves the original message there after maxReceiveCount receives, so the body is
//   the retry message `{"requestId": "…"}`
//   (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
// - Stream DLQ: Lambda's on-failure destination gets an invocation record describing the batch
//   (`DDBStreamBatchInfo`: shard, first and last sequence numbers, stream ARN), not the records
//   (https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errors.html); the records are read
//   back from the stream (kept 24 h) through the StreamBatchReader port.
import type { _Record as StreamApiRecord } from '@aws-sdk/client-dynamodb-streams';
import { TERMINAL_STATUSES } from '@streamer/store';
import type { SQSRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { PoisonRecordError } from './errors';
import { requestIdFromSqsRecord } from './records';
import type { ProcessorSettings } from './settings';
import { INTERNAL_ERROR, type Settler } from './settle';

/** `DDBStreamBatchInfo` of a Lambda on-failure invocation record (the fields used here). */
const streamBatchInfoSchema = z.object({
  streamArn: z.string(),
  shardId: z.string(),
  startSequenceNumber: z.string(),
  endSequenceNumber: z.string(),
});

export type StreamBatchInfo = z.infer<typeof streamBatchInfoSchema>;

const invocationRecordSchema = z.object({ DDBStreamBatchInfo: streamBatchInfoSchema });

/** Reads the records of a dead-lettered stream batch back from the stream (Streams API). */
export interface StreamBatchReader {
  /** The records from `startSequenceNumber` to `endSequenceNumber`, both included, in stream order. */
  read(batch: StreamBatchInfo): Promise<StreamApiRecord[]>;
}

/** What became of the requests of one dead letter. */
export interface DeadLetterReport {
  failed: string[];
  /** Already terminal, still running under a live lease, or unknown: left alone. */
  left: string[];
}

export class DeadLetters {
  constructor(
    private readonly s: ProcessorSettings,
    private readonly settler: Settler,
    private readonly reader: StreamBatchReader | undefined,
  ) {}

  /** A message from the retry queue's DLQ: the original retry message. */
  async retryMessage(record: SQSRecord): Promise<DeadLetterReport> {
    return this.failAll([requestIdFromSqsRecord(record)], record.messageId);
  }

  /** A message from the stream's on-failure destination: the batch's queued inserts are failed. */
  async streamFailure(record: SQSRecord): Promise<DeadLetterReport> {
    const batch = streamBatchOf(record);
    if (!this.reader) throw new PoisonRecordError('No stream reader configured for stream dead letters', { context: { recordId: record.messageId } });
    const records = await this.reader.read(batch);
    return this.failAll(queuedInsertsOf(records), record.messageId);
  }

  private async failAll(requestIds: string[], recordId: string): Promise<DeadLetterReport> {
    const report: DeadLetterReport = { failed: [], left: [] };
    for (const requestId of requestIds) {
      const list = (await this.failOne(requestId)) ? report.failed : report.left;
      list.push(requestId);
    }
    this.s.logger.error('Dead-lettered requests failed with INTERNAL_ERROR', { recordId, ...report });
    return report;
  }

  private async failOne(requestId: string): Promise<boolean> {
    const record = await this.s.requests.get(requestId);
    if (!record || TERMINAL_STATUSES.includes(record.status)) return false;
    if (record.status === 'processing' && (record.leaseExpiresAt ?? 0) > this.s.clock.now()) {
      // A live run owns it and will settle it; its lease bounds how long that can take.
      this.s.logger.warn('Dead-lettered request is running under a live lease; left to its run', { requestId });
      return false;
    }
    return (await this.settler.abandon(record, INTERNAL_ERROR)).disposition === 'failed';
  }
}

function streamBatchOf(record: SQSRecord): StreamBatchInfo {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (cause) {
    throw new PoisonRecordError('Stream dead letter is not JSON', { cause, context: { recordId: record.messageId } });
  }
  const parsed = invocationRecordSchema.safeParse(body);
  if (!parsed.success) {
    throw new PoisonRecordError('Stream dead letter has no DDBStreamBatchInfo', { cause: parsed.error, context: { recordId: record.messageId } });
  }
  return parsed.data.DDBStreamBatchInfo;
}

/**
 * The requests of the batch's records that the event source mapping passed to the processor (INSERT of
 * a `queued` item, as its filter), keyed by the table key: it is there even when the image is poison.
 */
function queuedInsertsOf(records: readonly StreamApiRecord[]): string[] {
  const ids = records
    .filter((r) => r.eventName === 'INSERT' && r.dynamodb?.NewImage?.['status']?.S === 'queued')
    .map((r) => r.dynamodb?.Keys?.['requestId']?.S)
    .filter((id): id is string => typeof id === 'string' && id !== '');
  return [...new Set(ids)];
}
