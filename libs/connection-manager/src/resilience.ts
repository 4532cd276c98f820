// How failing gateway calls are contained: retry with exponential backoff and full jitter, one circuit
// breaker around the management API, and a cool-down for single connections that keep failing.
//
// Retry (AWS Architecture Blog, "Exponential Backoff And Jitter"): before retry n the delay is uniform
// in [0, min(cap, base · 2^(n−1))). A small local loop rather than a library so that `random` and
// `sleep` are injectable and tests run on fake timers.
import CircuitBreaker from 'opossum';
import { LRUCache } from 'lru-cache';
import { CircuitOpenError, countsAgainstBreaker, ShutdownError } from './errors';

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

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or attempts run out. `after`
 * continues a loop whose first `failed` attempts the caller already made (the last one failing with
 * `error`, which must be retryable): the hot path makes its first attempt without this loop.
 */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, controls: RetryControls, after?: { failed: number; error: unknown }): Promise<T> {
  let n = after?.failed ?? 0;
  let last = after?.error;
  for (;;) {
    if (n > 0) {
      if (n >= controls.policy.attempts || !controls.shouldRetry(last)) throw last;
      const delayMs = backoffDelay(n, controls.policy, controls.random);
      controls.onRetry?.(last, n, delayMs);
      await controls.sleep(delayMs);
    }
    n += 1;
    try {
      return await attempt(n);
    } catch (error) {
      last = error;
    }
  }
}

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new RangeError('retry.attempts must be an integer ≥ 1');
  if (!(policy.baseMs >= 0) || !(policy.capMs >= policy.baseMs)) throw new RangeError('retry needs 0 ≤ baseMs ≤ capMs');
  return policy;
}

// One opossum circuit breaker around the management API endpoint. Only 5xx, network errors and
// timeouts count as failures (`errorFilter`), so a burst of 410s or 4xx never opens it. Open → calls
// fail fast with CircuitOpenError; after `resetTimeoutMs` one trial call half-opens it; success closes it.
export interface BreakerOptions {
  /** Failure percentage within the rolling window that opens the breaker; default 50. */
  errorThresholdPercentage: number;
  /** Calls needed in the window before it may open; default 20. */
  volumeThreshold: number;
  /** Rolling statistics window; default 10 000 ms. */
  rollingWindowMs: number;
  /** Time open before a trial call is let through (half-open); default 10 000 ms. */
  resetTimeoutMs: number;
}

export const DEFAULT_BREAKER: Readonly<BreakerOptions> = {
  errorThresholdPercentage: 50,
  volumeThreshold: 20,
  rollingWindowMs: 10_000,
  resetTimeoutMs: 10_000,
};

export type BreakerState = 'closed' | 'open' | 'half-open';

type Call = () => Promise<unknown>;

export class GatewayBreaker {
  /** Times the breaker has opened. */
  opens = 0;
  private readonly breaker: CircuitBreaker<[Call], unknown>;
  private openedAt = 0;

  constructor(
    private readonly options: BreakerOptions,
    private readonly now: () => number,
    onStateChange: (state: BreakerState) => void = () => undefined,
  ) {
    this.breaker = new CircuitBreaker<[Call], unknown>((call) => call(), {
      name: 'management-api',
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage,
      volumeThreshold: options.volumeThreshold,
      rollingCountTimeout: options.rollingWindowMs,
      resetTimeout: options.resetTimeoutMs,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      errorFilter: (error: unknown) => !countsAgainstBreaker(error),
    });
    this.breaker.on('open', () => {
      this.opens += 1;
      this.openedAt = this.now();
      onStateChange('open');
    });
    this.breaker.on('halfOpen', () => onStateChange('half-open'));
    this.breaker.on('close', () => onStateChange('closed'));
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    try {
      return (await this.breaker.fire(call)) as T;
    } catch (error) {
      throw this.translate(error);
    }
  }

  get state(): BreakerState {
    if (this.breaker.opened) return 'open';
    if (this.breaker.halfOpen) return 'half-open';
    return 'closed';
  }

  shutdown(): void {
    this.breaker.shutdown();
  }

  private translate(error: unknown): unknown {
    if (!(error instanceof Error) || !CircuitBreaker.isOurError(error)) return error;
    const code = (error as { code?: unknown }).code;
    if (code === 'ESHUTDOWN') return new ShutdownError('gateway call', { cause: error });
    const retryAfterMs = Math.max(0, this.openedAt + this.options.resetTimeoutMs - this.now());
    return new CircuitOpenError('gateway', { cause: error, retryAfterMs });
  }
}

// Per-connection failure state: after `threshold` consecutive failed attempts (5xx, network, timeout)
// a connection is skipped for `coolDownMs`; then one trial call is let through — success forgets the
// connection, failure starts another cool-down. Bounded by an LRU, so it never grows without limit.
export interface ConnectionFailureOptions {
  /** Consecutive failed attempts before the connection is skipped; default 5. */
  threshold: number;
  /** How long a failing connection is skipped; default 30 000 ms. */
  coolDownMs: number;
  /** Connections tracked at most (least recently failed are forgotten first); default 10 000. */
  maxEntries: number;
}

export const DEFAULT_CONNECTION_FAILURES: Readonly<ConnectionFailureOptions> = {
  threshold: 5,
  coolDownMs: 30_000,
  maxEntries: 10_000,
};

interface FailureState {
  consecutive: number;
  /** Epoch ms until which calls are refused; 0 while below the threshold. */
  openUntil: number;
}

export class ConnectionFailures {
  private readonly states: LRUCache<string, FailureState>;

  constructor(
    private readonly options: ConnectionFailureOptions,
    private readonly now: () => number,
  ) {
    this.states = new LRUCache<string, FailureState>({ max: options.maxEntries });
  }

  /** Undefined when a call may go ahead; otherwise the ms until the connection may be tried again. */
  refuse(connectionId: string): number | undefined {
    if (this.states.size === 0) return undefined;
    const state = this.states.get(connectionId);
    if (!state || state.openUntil === 0) return undefined;
    const now = this.now();
    if (state.openUntil > now) return state.openUntil - now;
    state.openUntil = now + this.options.coolDownMs;
    return undefined;
  }

  recordFailure(connectionId: string): void {
    const state = this.states.get(connectionId) ?? { consecutive: 0, openUntil: 0 };
    state.consecutive += 1;
    if (state.consecutive >= this.options.threshold) state.openUntil = this.now() + this.options.coolDownMs;
    this.states.set(connectionId, state);
  }

  recordSuccess(connectionId: string): void {
    if (this.states.size > 0) this.states.delete(connectionId);
  }

  /** Connections currently being skipped. */
  openCount(): number {
    const now = this.now();
    let open = 0;
    for (const state of this.states.values()) if (state.openUntil > now) open += 1;
    return open;
  }

  get tracked(): number {
    return this.states.size;
  }
}
