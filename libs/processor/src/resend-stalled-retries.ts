// Sweep for retries that were scheduled but never delivered: a request re-queued for a retry
// (`queued`, attempts ≥ 1) whose SQS message was never sent — or was lost — would wait forever, since
// only the INSERT of a new request reaches the processor through the stream.
import type { RequestStore } from '@streamer/store';
import type { ProcessorLogger, RetryQueue } from './ports';
import { MAX_RETRY_DELAY_SECONDS } from './retry-policy';

/**
 * How long a re-queued request may wait before it counts as stalled: the longest retry delay (900 s)
 * plus 15 minutes of slack, so a retry that is merely waiting out its delay is never sent twice.
 */
export const DEFAULT_STALLED_RETRY_AFTER_MS = MAX_RETRY_DELAY_SECONDS * 1000 + 15 * 60_000;

export interface ResendStalledRetriesOptions {
  requests: RequestStore;
  retryQueue: RetryQueue;
  /** Epoch ms; requests re-queued (last updated) before it are sent again. */
  updatedBefore: number;
  logger?: ProcessorLogger;
}

export interface ResendReport {
  resent: number;
  failed: number;
}

/**
 * Sends every stalled retry to the retry queue again, with no delay. Safe against a retry that was
 * only late: the processor's claim lets one delivery run the request and skips the other. One
 * request's failure is counted and logged and the sweep goes on; only a failure to list rejects.
 */
export async function resendStalledRetries(options: ResendStalledRetriesOptions): Promise<ResendReport> {
  const { requests, retryQueue, updatedBefore, logger } = options;
  const report: ResendReport = { resent: 0, failed: 0 };
  for await (const record of requests.stalledRetries(updatedBefore)) {
    try {
      await retryQueue.enqueue(record.requestId, 0);
    } catch (err) {
      report.failed += 1;
      logger?.error('Stalled retry could not be sent', { requestId: record.requestId, error: err as Error });
      continue;
    }
    logger?.info('Stalled retry sent again', { requestId: record.requestId, attempts: record.attempts, updatedAt: record.updatedAt });
    report.resent += 1;
  }
  return report;
}
