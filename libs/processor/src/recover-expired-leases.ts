// Sweep for requests whose run died without settling: re-queue them and schedule a retry delivery.
import { ConditionConflictError, type RequestStore } from '@streamer/store';
import { TIMEOUT_ERROR } from './outcome';
import type { ProcessorLogger, RetryQueue } from './ports';

export interface RecoverExpiredLeasesOptions {
  requests: RequestStore;
  retryQueue: RetryQueue;
  /** Epoch ms; leases that ended before it are recovered. */
  now: number;
  logger?: ProcessorLogger;
}

/** What a sweep did: requests re-queued and sent to the retry queue, and requests it could not recover. */
export interface RecoveryReport {
  recovered: number;
  failed: number;
}

/**
 * `processing` requests whose lease has ended belong to an invocation that died (a live run never
 * outlives its lease). Each is re-queued (its error kept as `lastError`: TIMEOUT unless it had one) and
 * handed to the retry queue with no delay, where the next claim starts the following attempt. A request
 * whose attempts are used up is failed by that claim.
 *
 * One request's failure never stops the sweep: it is counted in `failed`, logged, and the sweep goes
 * on. A request re-queued whose retry message could not be sent is left `queued` with attempts ≥ 1;
 * `resendStalledRetries` finds it later. Only a failure to list the requests rejects.
 */
export async function recoverExpiredLeases(options: RecoverExpiredLeasesOptions): Promise<RecoveryReport> {
  const { requests, retryQueue, now, logger } = options;
  const report: RecoveryReport = { recovered: 0, failed: 0 };
  for await (const record of requests.expiredLeases(now)) {
    const { requestId } = record;
    try {
      await requests.requeue(requestId, record.lastError ?? TIMEOUT_ERROR);
    } catch (err) {
      if (err instanceof ConditionConflictError) continue;
      report.failed += 1;
      logger?.error('Expired lease could not be re-queued', { requestId, error: err as Error });
      continue;
    }
    try {
      await retryQueue.enqueue(requestId, 0);
    } catch (err) {
      report.failed += 1;
      logger?.error('Expired lease re-queued, but its retry could not be sent', { requestId, error: err as Error });
      continue;
    }
    logger?.info('Expired lease recovered', { requestId, attempts: record.attempts });
    report.recovered += 1;
  }
  return report;
}
