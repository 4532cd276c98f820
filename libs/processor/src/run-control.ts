// The two companions of one run, both driven by timers:
// - RunControl, its AbortSignal: aborted at the deadline, or when the request leaves `processing`
//   under it. Each periodic check also reports the stored record, so the run follows a request that
//   moved to another connection (its client reconnected and asked `status`).
// - ThrottledProgress, the handler's `ctx.reporter`: throttled, monotonic, persisted progress.
import type { ProgressReporter } from '@streamer/handler-api';
import type { Clock, Logger } from '@streamer/kernel';
import { isProgressValue } from '@streamer/protocol';
import type { RequestRecord } from '@streamer/store';
import { InvalidProgressError, RunDeadlineError, RunSupersededError } from './errors';

export interface RunControlOptions {
  requestId: string;
  /** The attempt this run claimed; a stored record with another attempt number belongs to another run. */
  attempt: number;
  /** Epoch ms at which the run is aborted with RunDeadlineError. */
  deadline: number;
  /** How often the stored status is checked for a cancel. */
  pollMs: number;
  clock: Clock;
  read: (requestId: string) => Promise<RequestRecord | undefined>;
  /** Told the stored record each time a check finds the run still current (e.g. its connection moved). */
  onCurrent?: (record: RequestRecord) => void;
  logger: Logger;
}

export class RunControl {
  readonly #options: RunControlOptions;
  readonly #controller = new AbortController();
  #deadlineTimer: ReturnType<typeof setTimeout> | undefined;
  #pollTimer: ReturnType<typeof setTimeout> | undefined;
  #disposed = false;

  constructor(options: RunControlOptions) {
    this.#options = options;
    const { requestId, deadline, clock } = options;
    this.#deadlineTimer = setTimeout(() => {
      this.#abort(new RunDeadlineError(`Request ${requestId} reached its deadline`, { context: { requestId, deadline } }));
    }, Math.max(0, deadline - clock.now()));
    this.#schedulePoll();
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Reads the stored request and aborts the run when it is no longer this run's `processing`. */
  async checkStatus(): Promise<void> {
    if (this.#disposed || this.signal.aborted) return;
    let record: RequestRecord | undefined;
    try {
      record = await this.#options.read(this.#options.requestId);
    } catch (err) {
      this.#options.logger.warn('Status check failed', { requestId: this.#options.requestId, error: err as Error });
      return;
    }
    if (record?.status === 'processing' && record.attempts === this.#options.attempt) {
      this.#options.onCurrent?.(record);
      return;
    }
    const currentStatus = record?.status ?? 'missing';
    this.#abort(
      new RunSupersededError(`Request ${this.#options.requestId} is ${currentStatus}`, {
        context: { requestId: this.#options.requestId, currentStatus },
      }),
    );
  }

  /** Stops the timers; the signal is never aborted afterwards. */
  dispose(): void {
    this.#disposed = true;
    clearTimeout(this.#deadlineTimer);
    clearTimeout(this.#pollTimer);
  }

  #abort(reason: Error): void {
    if (this.#disposed || this.signal.aborted) return;
    clearTimeout(this.#deadlineTimer);
    clearTimeout(this.#pollTimer);
    this.#controller.abort(reason);
  }

  #schedulePoll(): void {
    if (this.#options.pollMs <= 0) return;
    this.#pollTimer = setTimeout(() => {
      void this.checkStatus().finally(() => {
        if (!this.#disposed && !this.signal.aborted) this.#schedulePoll();
      });
    }, this.#options.pollMs);
  }
}

export interface ProgressUpdate {
  value: number;
  message?: string;
}

export interface ThrottledProgressOptions {
  /** Progress already stored for the request (an earlier attempt's): lower values are ignored. */
  floor: number;
  /** Minimum time between two deliveries. */
  intervalMs: number;
  clock: Clock;
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
    const wait = this.#lastStartAt + this.#options.intervalMs - this.#options.clock.now();
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
    this.#lastStartAt = this.#options.clock.now();
    this.#inFlight = this.#options.deliver(update).finally(() => {
      this.#inFlight = undefined;
      this.#schedule();
    });
  }
}
