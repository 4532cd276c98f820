// One opossum circuit breaker around the management API endpoint. Only 5xx, network errors and
// timeouts count as failures (`errorFilter`), so a burst of 410s or 4xx never opens it. Open → calls
// fail fast with CircuitOpenError; after `resetTimeoutMs` one trial call half-opens it; success closes it.
import CircuitBreaker from 'opossum';
import { CircuitOpenError, ShutdownError } from './errors';
import { countsAgainstBreaker } from './gateway/errors';

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
