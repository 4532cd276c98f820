// Retry with exponential backoff and full jitter (AWS Architecture Blog, "Exponential Backoff And
// Jitter"): before retry n the delay is uniform in [0, min(cap, base · 2^(n−1))). A small local loop
// rather than a library so that `random` and `sleep` are injectable and tests run on fake timers.

export interface RetryPolicy {
  /** Attempts in total, the first included; default 3. */
  attempts: number;
  /** Base delay in ms; default 100. */
  baseMs: number;
  /** Cap on the delay in ms; default 5000. */
  capMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { attempts: 3, baseMs: 100, capMs: 5000 };

export type Sleep = (ms: number) => Promise<void>;

export const defaultSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Delay before retry `retry` (1 = the first retry), for `random()` in [0, 1). */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

export interface RetryControls {
  policy: RetryPolicy;
  random: () => number;
  sleep: Sleep;
  shouldRetry: (error: unknown) => boolean;
  onRetry?: (error: unknown, retry: number, delayMs: number) => void;
}

/** Runs `attempt` until it succeeds, fails with a non-retryable error, or attempts run out. */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, controls: RetryControls): Promise<T> {
  for (let n = 1; ; n += 1) {
    try {
      return await attempt(n);
    } catch (error) {
      if (n >= controls.policy.attempts || !controls.shouldRetry(error)) throw error;
      const delayMs = backoffDelay(n, controls.policy, controls.random);
      controls.onRetry?.(error, n, delayMs);
      await controls.sleep(delayMs);
    }
  }
}

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new RangeError('retry.attempts must be an integer ≥ 1');
  if (!(policy.baseMs >= 0) || !(policy.capMs >= policy.baseMs)) throw new RangeError('retry needs 0 ≤ baseMs ≤ capMs');
  return policy;
}
