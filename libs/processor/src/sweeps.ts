// The periodic sweeps (run by the processor app's `sweepHandler`) that keep a request from being stuck
// when the machinery around a run fails:
// - expired leases: a run whose invocation died without settling leaves its request `processing`;
//   it is re-queued and a retry delivery is scheduled;
// - stalled retries: a request re-queued for a retry (`queued`, attempts ≥ 1) whose SQS message was
//   never sent — or was lost — would wait forever, since only the INSERT of a new request reaches the
//   processor through the stream; its retry is sent again.
// One request's failure never stops a sweep: it is counted in `failed`, logged, and the sweep goes on.
// Only a failure to list the requests rejects.
import type { Logger } from '@streamer/kernel';
import { ConditionConflictError, type RequestStore } from '@streamer/store';
import type { RetryQueue } from './settings';
import { MAX_RETRY_DELAY_SECONDS, TIMEOUT_ERROR } from './settle';

export interface RecoverExpiredLeasesOptions {
  requests: RequestStore;
  retryQueue: RetryQueue;
  /** Epoch ms; leases that ended before it are recovered. */
  now: number;
  logger?: Logger;
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
 * A request re-queued whose retry message could not be sent is left `queued` with attempts ≥ 1;
 * `resendStalledRetries` finds it later.
 */
export async function recoverExpiredLeases(options: RecoverExpiredLeasesOptions): Promise<RecoveryReport> {
  const { requests, retryQueue, now, logger } = options;
  const report: RecoveryReport = { recovered: 0, failed: 0 };
  for await (const record of requests.expiredLeases(now)) {
    const { requestId } = record;
    try {
      // Conditional on the lease read by the scan: a request claimed again since then is left to its run.
      await requests.recoverLease(requestId, { leaseExpiresAt: record.leaseExpiresAt ?? now, now }, record.lastError ?? TIMEOUT_ERROR);
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
  logger?: Logger;
}

export interface ResendReport {
  resent: number;
  failed: number;
}

/**
 * Sends every stalled retry to the retry queue again, with no delay. Safe against a retry that was
 * only late: the processor's claim lets one delivery run the request and skips the other.
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
