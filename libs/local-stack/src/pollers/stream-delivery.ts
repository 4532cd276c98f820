// Delivers one batch of stream records to the function the way Lambda's DynamoDB event source does
// with ReportBatchItemFailures: on a partial failure it retries from the first failed record (the
// records after it come again too); a thrown or timed-out invocation fails the whole batch. After
// `retryAttempts` retries the remaining records go to the on-failure destination and the shard moves on.
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { LocalLogger } from '../util/logger';
import { sleep } from '../util/sleep';
import { everything, readBatchResponse, type BatchVerdict } from './batch-response';

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
  logger: LocalLogger;
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
