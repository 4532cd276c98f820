// Throttled, monotonic, persisted progress for one run.
import type { ProgressReporter } from '@streamer/handler-api';
import { isProgressValue } from '@streamer/protocol';
import { InvalidProgressError } from './errors';

export interface ProgressUpdate {
  value: number;
  message?: string;
}

export interface ThrottledProgressOptions {
  /** Progress already stored for the request (an earlier attempt's): lower values are ignored. */
  floor: number;
  /** Minimum time between two deliveries. */
  intervalMs: number;
  clock: () => number;
  /** Persists and sends one update; never rejects. */
  deliver: (update: ProgressUpdate) => Promise<void>;
}

/**
 * `progress(value, message)` records the latest value and returns at once; deliveries (store write, then
 * send) happen one at a time, at most one per `intervalMs`: the first value goes out immediately, later
 * ones are coalesced and the latest (trailing) value goes out when the interval has passed. Values below
 * the last accepted one are ignored, so what the client sees is monotonic. `finish({flush: true})` sends
 * the pending value without waiting for the interval (the final progress before a result).
 */
export class ThrottledProgress implements ProgressReporter {
  readonly #options: ThrottledProgressOptions;
  #floor: number;
  #pending: ProgressUpdate | undefined;
  #lastStartAt = Number.NEGATIVE_INFINITY;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #inFlight: Promise<void> | undefined;
  #closing = false;

  constructor(options: ThrottledProgressOptions) {
    this.#options = options;
    this.#floor = options.floor;
  }

  progress(value: number, message?: string): Promise<void> {
    if (!isProgressValue(value)) {
      const rejected = Promise.reject(new InvalidProgressError(`Progress must be a number in [0, 1], got ${String(value)}`));
      // Awaiting callers still get the rejection; a call nobody awaits must not crash the process.
      rejected.catch(() => undefined);
      return rejected;
    }
    if (!this.#closing && value >= this.#floor) {
      this.#floor = value;
      this.#pending = message === undefined ? { value } : { value, message };
      this.#schedule();
    }
    return Promise.resolve();
  }

  /** Stops reporting; with `flush`, delivers the pending value first. Resolves when nothing is in flight. */
  async finish(options: { flush: boolean }): Promise<void> {
    this.#closing = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#inFlight;
    const last = this.#pending;
    this.#pending = undefined;
    if (options.flush && last) await this.#options.deliver(last);
  }

  #schedule(): void {
    if (this.#closing || this.#inFlight || this.#timer !== undefined || !this.#pending) return;
    const wait = this.#lastStartAt + this.#options.intervalMs - this.#options.clock();
    if (wait <= 0) return this.#start();
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#start();
    }, wait);
  }

  #start(): void {
    const update = this.#pending;
    if (this.#closing || !update) return;
    this.#pending = undefined;
    this.#lastStartAt = this.#options.clock();
    this.#inFlight = this.#options.deliver(update).finally(() => {
      this.#inFlight = undefined;
      this.#schedule();
    });
  }
}
