// The processor's scheduled sweeps (deployment facts: the `processor-sweep` function, hourly), the
// `sweepHandler` of this app's bundle. Two recoveries, by the processor's own rules:
// - expired leases: requests still `processing` after their lease ended (the invocation died between
//   claim and finish) go back to `queued` and onto the retry queue (`recoverExpiredLeases`: last error
//   kept, TIMEOUT when none, no delay; the next claim fails a request whose attempts are used up);
// - stalled retries: requests re-queued for a retry whose SQS message was never sent, waiting longer
//   than STALLED_RETRY_AFTER, are sent again (`resendStalledRetries`; a retry that was only late is
//   harmless: the claim runs the request once).
// One request's failure is counted and the sweep goes on; the next run tries again. A run near the
// Lambda deadline skips the second sweep and answers `complete: false`. Metrics: `SweepRequeued`,
// `SweepResent`, `SweepFailures` and `SweepIncomplete` per run.
import { type Clock, type Logger, type Metrics, silentMetrics, systemClock } from '@streamer/kernel';
import { recoverExpiredLeases, resendStalledRetries, type RetryQueue } from '@streamer/processor';
import type { RequestStore } from '@streamer/store';
import type { Context } from 'aws-lambda';

export interface SweepDeps {
  requests: RequestStore;
  retryQueue: RetryQueue;
  logger: Logger;
  /** Default: none. */
  metrics?: Metrics;
  /** A re-queued request waiting longer than this for its retry has lost it. */
  stalledRetryAfterMs: number;
  /** Default the system clock. */
  clock?: Clock;
}

export interface SweepReport {
  /** Requests whose lease had expired, set back to queued and sent to the retry queue. */
  requeuedCount: number;
  /** Re-queued requests whose retry never arrived, sent again. */
  resentCount: number;
  /** Store writes, listings or enqueues that failed (logged; the next run tries again). */
  failedCount: number;
  /** False when the run stopped early to stay inside the Lambda deadline. */
  complete: boolean;
}

/** Any event (the scheduled event of an EventBridge rule); the context gives the time left. */
export type SweepHandler = (event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>) => Promise<SweepReport>;

/** Time kept in reserve before the Lambda deadline: the second sweep is not started with less left. */
export const DEADLINE_RESERVE_MS = 15_000;

export function createSweepHandler(deps: SweepDeps): SweepHandler {
  const { requests, retryQueue, logger } = deps;
  const clock = deps.clock ?? systemClock;
  return async (_event, context) => {
    const now = clock.now();
    const report: SweepReport = { requeuedCount: 0, resentCount: 0, failedCount: 0, complete: true };
    try {
      const { recovered, failed } = await recoverExpiredLeases({ requests, retryQueue, now, logger });
      report.requeuedCount += recovered;
      report.failedCount += failed;
    } catch (error) {
      report.failedCount += 1;
      logger.error('Could not list the requests whose lease expired', { error });
    }
    if (context !== undefined && context.getRemainingTimeInMillis() <= DEADLINE_RESERVE_MS) {
      report.complete = false;
    } else {
      try {
        const { resent, failed } = await resendStalledRetries({ requests, retryQueue, updatedBefore: now - deps.stalledRetryAfterMs, logger });
        report.resentCount += resent;
        report.failedCount += failed;
      } catch (error) {
        report.failedCount += 1;
        logger.error('Could not list the stalled retries', { error });
      }
    }
    const metrics = deps.metrics ?? silentMetrics;
    metrics.count('SweepRequeued', report.requeuedCount);
    metrics.count('SweepResent', report.resentCount);
    metrics.count('SweepFailures', report.failedCount);
    metrics.count('SweepIncomplete', report.complete ? 0 : 1);
    logger.info('Sweeps finished', { ...report, durationMs: clock.now() - now });
    return report;
  };
}
