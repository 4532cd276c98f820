// Delivers one batch of stream records to the function the way Lambda's DynamoDB event source does
// with ReportBatchItemFailures: on a partial failure it retries from the first failed record (the
// records after it come again too); a thrown or timed-out invocation fails the whole batch. After
// `retryAttempts` retries the remaining records go to the on-failure destination and the shard moves on.
import { randomUUID } from 'node:crypto';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type Logger, sleep } from '@streamer/kernel';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { type BatchVerdict, everything, readBatchResponse } from './sqs-poller';

export interface ExhaustedBatch {
  records: DynamoDBRecord[];
  invokeCount: number;
  /** The last invocation's error, when it failed as a whole. */
  functionError?: unknown;
}

export interface StreamDeliveryOptions {
  invoke(event: DynamoDBStreamEvent): Promise<unknown>;
  /** Retries after the first invocation (the CDK stack's `retryAttempts: 3`). */
  retryAttempts: number;
  onExhausted(batch: ExhaustedBatch): Promise<void>;
  logger: Logger;
  /** Pause before retry `n` (1-based); default 200 ms doubling, at most 2 s. */
  retryDelayMs?: (attempt: number) => number;
  signal?: AbortSignal;
}

export async function deliverStreamBatch(records: DynamoDBRecord[], options: StreamDeliveryOptions): Promise<void> {
  let pending = records;
  for (let invocations = 1; pending.length > 0; invocations++) {
    const { verdict, error } = await invokeOnce(pending, options);
    const firstFailed = pending.findIndex((record) => verdict.failed.has(sequenceOf(record)));
    if (firstFailed === -1) return;
    pending = pending.slice(firstFailed);
    if (invocations > options.retryAttempts) {
      await options.onExhausted(error === undefined ? { records: pending, invokeCount: invocations } : { records: pending, invokeCount: invocations, functionError: error });
      return;
    }
    options.logger.debug('Stream batch failed; retrying from the first failed record', { records: pending.length, attempt: invocations });
    await sleep((options.retryDelayMs ?? defaultRetryDelay)(invocations), options.signal);
    if (options.signal?.aborted) return;
  }
}

async function invokeOnce(records: DynamoDBRecord[], options: StreamDeliveryOptions): Promise<{ verdict: BatchVerdict; error?: unknown }> {
  const ids = records.map(sequenceOf);
  try {
    return { verdict: readBatchResponse(await options.invoke({ Records: records }), ids) };
  } catch (error) {
    options.logger.warn('Stream batch invocation failed', { records: records.length, error });
    return { verdict: everything(ids), error };
  }
}

export function sequenceOf(record: DynamoDBRecord): string {
  return record.dynamodb?.SequenceNumber ?? '';
}

function defaultRetryDelay(attempt: number): number {
  return Math.min(2_000, 200 * 2 ** (attempt - 1));
}

// Lambda's on-failure destination for stream event sources: when a batch exhausts its retries, an
// SQS message describing it (not the records themselves) goes to the destination queue.
export interface ShardRef {
  shardId: string;
  streamArn: string;
}

export interface StreamFailureRecord {
  requestContext: { requestId: string; functionArn: string; condition: 'RetryAttemptsExhausted'; approximateInvokeCount: number };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export function streamFailureRecord(batch: ExhaustedBatch, shard: ShardRef, functionArn: string, now = new Date()): StreamFailureRecord {
  const first = batch.records[0];
  const last = batch.records[batch.records.length - 1];
  const arrival = (seconds: number | undefined): string => new Date((seconds ?? now.getTime() / 1000) * 1000).toISOString();
  const responseContext: StreamFailureRecord['responseContext'] = { statusCode: 200, executedVersion: '$LATEST' };
  if (batch.functionError !== undefined) responseContext.functionError = 'Unhandled';
  return {
    requestContext: { requestId: randomUUID(), functionArn, condition: 'RetryAttemptsExhausted', approximateInvokeCount: batch.invokeCount },
    responseContext,
    version: '1.0',
    timestamp: now.toISOString(),
    DDBStreamBatchInfo: {
      shardId: shard.shardId,
      startSequenceNumber: first?.dynamodb?.SequenceNumber ?? '',
      endSequenceNumber: last?.dynamodb?.SequenceNumber ?? '',
      approximateArrivalOfFirstRecord: arrival(first?.dynamodb?.ApproximateCreationDateTime),
      approximateArrivalOfLastRecord: arrival(last?.dynamodb?.ApproximateCreationDateTime),
      batchSize: batch.records.length,
      streamArn: shard.streamArn,
    },
  };
}

export class SqsFailureDestination {
  constructor(
    private readonly client: Pick<SQSClient, 'send'>,
    private readonly queueUrl: string,
  ) {}

  async send(record: StreamFailureRecord): Promise<void> {
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(record) }));
  }
}

// Lambda event filtering, for the patterns the CDK stack uses: a JSON object whose leaves are arrays
// of accepted values (what `FilterRule.isEqual` produces). A record matches when every leaf of the
// pattern finds its value at the same path in the record. Records that do not match are dropped
// before the function sees them, as Lambda drops them.
export type FilterPattern = { [key: string]: FilterPattern | readonly (string | number | boolean | null)[] };

/**
 * The processor's stream filter, as in apps/infra/src/processing.ts (QUEUED_INSERT_FILTER): only
 * newly queued requests start work.
 */
export const QUEUED_INSERT_PATTERN: FilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { status: { S: ['queued'] } } },
};

export function matchesFilter(record: unknown, pattern: FilterPattern): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    const value = isObject(record) ? record[key] : undefined;
    if (Array.isArray(rule)) {
      if (!rule.some((accepted) => accepted === value)) return false;
    } else if (!matchesFilter(value, rule as FilterPattern)) {
      return false;
    }
  }
  return true;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
