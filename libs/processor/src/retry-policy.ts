// When and how long a failed attempt waits before it runs again.

/** SQS refuses a `DelaySeconds` above 15 minutes. */
export const MAX_RETRY_DELAY_SECONDS = 900;

/**
 * Delay before the run after `attempt` (1-based): `baseDelayMs × 2^(attempt−1)`, rounded up to whole
 * seconds and capped at 900 s.
 */
export function retryDelaySeconds(attempt: number, baseDelayMs: number): number {
  const ms = baseDelayMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(MAX_RETRY_DELAY_SECONDS, Math.ceil(ms / 1000));
}

/**
 * `maxRetries` counts the retries after the first attempt: a request runs at most `1 + maxRetries` times,
 * so a retryable failure of attempt `n` is retried while `n ≤ maxRetries`.
 */
export function mayRetry(attempt: number, maxRetries: number): boolean {
  return attempt <= maxRetries;
}
