// Reconnecting after an unexpected close: the full-jitter backoff policy and the loop that applies it.
import { StreamerError } from './errors';
import { type RandomSource, Timer, type Timers } from './options';

/** Reconnect policy: jittered exponential backoff between attempts. */
export interface BackoffOptions {
  /** Delay ceiling of the first attempt, in ms. */
  baseMs: number;
  /** Largest delay ceiling, in ms. */
  capMs: number;
  /** Reconnect attempts before giving up; unlimited when omitted. */
  maxAttempts?: number;
}

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

/** What the reconnector drives. */
export interface ReconnectHooks {
  /** One connection attempt; rejects with a `StreamerError`. */
  open(): Promise<void>;
  /** Whether a failed attempt's error makes further attempts pointless. */
  isFatal(error: StreamerError): boolean;
  onScheduled(attempt: number, delayMs: number): void;
  onReconnected(attempts: number): void;
  onGiveUp(error: StreamerError): void;
}

function asStreamerError(error: unknown): StreamerError {
  return error instanceof StreamerError ? error : new StreamerError('CONNECTION_FAILED', undefined, { cause: error });
}

/** Retries a lost connection with full-jitter exponential backoff until it opens or the policy gives up. */
export class Reconnector {
  private readonly timer: Timer;
  private attempts = 0;
  private active = false;
  private lastError: StreamerError | undefined;

  constructor(
    timers: Timers,
    private readonly backoff: BackoffOptions,
    private readonly random: RandomSource,
    private readonly hooks: ReconnectHooks,
  ) {
    this.timer = new Timer(timers);
  }

  start(): void {
    this.stop();
    this.active = true;
    this.attempts = 0;
    this.lastError = undefined;
    this.scheduleNext();
  }

  stop(): void {
    this.active = false;
    this.timer.stop();
  }

  private scheduleNext(): void {
    if (!canRetry(this.attempts, this.backoff)) {
      return this.giveUp(this.lastError ?? new StreamerError('CONNECTION_FAILED', 'No reconnect attempts allowed'));
    }
    // A refusal that says how long to wait (a full connection quota: 429) is honoured on top of the jitter.
    const delayMs = backoffDelay(this.attempts, this.backoff, this.random) + (this.lastError?.retryAfterMs ?? 0);
    this.hooks.onScheduled(this.attempts + 1, delayMs);
    this.timer.start(delayMs, () => void this.attempt());
  }

  private async attempt(): Promise<void> {
    this.attempts += 1;
    try {
      await this.hooks.open();
    } catch (error) {
      if (!this.active) return;
      this.lastError = asStreamerError(error);
      return this.hooks.isFatal(this.lastError) ? this.giveUp(this.lastError) : this.scheduleNext();
    }
    if (!this.active) return;
    this.active = false;
    this.hooks.onReconnected(this.attempts);
  }

  private giveUp(error: StreamerError): void {
    this.active = false;
    this.hooks.onGiveUp(error);
  }
}
