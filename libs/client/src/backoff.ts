/** Reconnect policy: jittered exponential backoff between attempts. */
export interface BackoffOptions {
  /** Delay ceiling of the first attempt, in ms. */
  baseMs: number;
  /** Largest delay ceiling, in ms. */
  capMs: number;
  /** Reconnect attempts before giving up; unlimited when omitted. */
  maxAttempts?: number;
}

/** Defaults: first retry within 0.5 s, never waiting more than 30 s, never giving up. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/**
 * "Full jitter" delay before attempt number `attempt` (0-based): uniform in [0, min(cap, base·2^attempt)).
 * Spreads reconnecting clients so a server restart is not followed by a thundering herd.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number): number {
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(ceiling * r);
}

/** Whether another attempt is allowed after `attemptsMade` failed ones. */
export function canRetry(attemptsMade: number, options: BackoffOptions): boolean {
  return options.maxAttempts === undefined || attemptsMade < options.maxAttempts;
}
