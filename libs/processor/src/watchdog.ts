// The lease watchdog: recovery of a run whose invocation died, within seconds of its lease's end and
// without a scan. Every claim sends one delayed message to the watchdog queue, timed to come back
// just after the lease ends (an SQS message timer: 0 to 900 s,
// https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-message-timers.html).
// The message names the claim it watches (`attempt`: the request's attempts after that claim). When it
// comes back the request is read once:
// - settled, queued (its run re-queued it for a retry) or gone → nothing to do;
// - claimed again since (more attempts: a retry, a continuation) → nothing to do: that claim sent a
//   watchdog of its own, so a request never has more than one chain of them;
// - processing under the watched claim with a lease still running (renewed by the live run, or longer
//   than one timer) → the message is sent again, timed for the lease's new end (a chain of timers of
//   at most 900 s each);
// - processing with the lease it read ended → a retry is sent with no delay, then the request is
//   re-queued on the condition that it still holds exactly that lease (`recoverLease`): a run that
//   renewed or took the lease in between keeps it, and the spare retry loses its claim. The retry goes
//   first so that a failed send leaves the request as it was: the watchdog message is redelivered.
// The hourly sweeps (the processor app's `sweepHandler`) stay as the safety net for a claim whose
// watchdog message could not be sent.
import { ConditionConflictError } from '@streamer/store';
import type { SQSRecord } from 'aws-lambda';
import { retryMessageFromSqsRecord } from './records';
import type { ProcessorSettings } from './settings';
import { MAX_RETRY_DELAY_SECONDS, TIMEOUT_ERROR } from './settle';

/**
 * What a watchdog message did: nothing (settled; superseded by a newer claim), re-armed (lease still
 * running), recovered, or nothing because a run took the request meanwhile (raced).
 */
export type WatchdogOutcome = 'settled' | 'superseded' | 'rearmed' | 'recovered' | 'raced';

/** Seconds past the lease's end the message is due: the watchdog's clock may lag the claimer's. */
const SLACK_SECONDS = 1;

export class LeaseWatchdog {
  constructor(private readonly s: ProcessorSettings) {}

  /** True when the processor was given a watchdog queue. */
  get enabled(): boolean {
    return this.s.watchdog.queue !== undefined;
  }

  /** True when the record came from the watchdog queue. */
  owns(queueArn: string | undefined): boolean {
    return queueArn !== undefined && queueArn === this.s.watchdog.queueArn;
  }

  /**
   * Schedules the check of the claim that left the request at `attempt` attempts, with a lease ending at
   * `leaseExpiresAt`. Never rejects: a message that could not be sent is logged, and the hourly sweep
   * recovers the request if its run dies.
   */
  async arm(requestId: string, attempt: number, leaseExpiresAt: number): Promise<void> {
    const { queue } = this.s.watchdog;
    if (!queue) return;
    try {
      await queue.enqueue(requestId, delaySecondsUntil(leaseExpiresAt, this.s.clock.now()), attempt);
    } catch (err) {
      this.s.logger.warn('Lease watchdog not armed; the sweep is the fallback', { requestId, error: err as Error });
    }
  }

  /** Handles one watchdog message; rejects only when the store or the retry queue fails (redelivered). */
  async check(record: SQSRecord): Promise<WatchdogOutcome> {
    const { requestId, attempt } = retryMessageFromSqsRecord(record);
    const current = await this.s.requests.get(requestId);
    if (!current || current.status !== 'processing') return 'settled';
    if (attempt !== undefined && current.attempts !== attempt) return 'superseded';
    const leaseExpiresAt = current.leaseExpiresAt ?? 0;
    const now = this.s.clock.now();
    if (leaseExpiresAt >= now) {
      await this.s.watchdog.queue?.enqueue(requestId, delaySecondsUntil(leaseExpiresAt, now), current.attempts);
      return 'rearmed';
    }
    await this.s.retryQueue.enqueue(requestId, 0);
    try {
      await this.s.requests.recoverLease(requestId, { leaseExpiresAt, now }, current.lastError ?? TIMEOUT_ERROR);
    } catch (err) {
      if (err instanceof ConditionConflictError) return 'raced';
      throw err;
    }
    this.s.logger.info('Expired lease recovered by its watchdog', { requestId, attempts: current.attempts, msAfterLease: now - leaseExpiresAt });
    return 'recovered';
  }
}

/** Whole seconds until `at` plus the slack, within SQS's message-timer range (longer leases chain). */
export function delaySecondsUntil(at: number, now: number): number {
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.max(0, Math.ceil((at - now) / 1000)) + SLACK_SECONDS);
}
