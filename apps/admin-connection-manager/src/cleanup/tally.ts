// Counters of one cleanup run, and the time budget that lets a long run stop between pages.
import type { Invocation } from '../actions/action';

export interface CleanupTally {
  /** CONNECTED connections inactive longer than STALE_AFTER, now DISCONNECTED. */
  staleCount: number;
  /** CONNECTED connections the gateway no longer knows (410), now DISCONNECTED. */
  goneCount: number;
  /** Gateway checks, store reads and writes that failed (logged; the next run tries again). */
  failedCount: number;
  /** False when the run stopped early to stay inside the Lambda deadline. */
  complete: boolean;
}

export function newTally(): CleanupTally {
  return { staleCount: 0, goneCount: 0, failedCount: 0, complete: true };
}

/** Time kept in reserve before the Lambda deadline: no new page is started with less than this left. */
export const DEADLINE_RESERVE_MS = 15_000;

/** True while another page of work fits before the deadline (always true outside Lambda). */
export function hasTimeLeft(invocation: Invocation): boolean {
  return invocation.remainingMs === undefined || invocation.remainingMs() > DEADLINE_RESERVE_MS;
}
