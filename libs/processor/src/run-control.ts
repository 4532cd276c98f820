// The AbortSignal of one run: aborted at the deadline, or when the request leaves `processing` under it.
// Each periodic check also reports the stored record, so the run follows a request that moved to
// another connection (its client reconnected and asked `status`).
import type { RequestRecord } from '@streamer/store';
import { RunDeadlineError, RunSupersededError } from './errors';
import type { ProcessorLogger } from './ports';

export interface RunControlOptions {
  requestId: string;
  /** The attempt this run claimed; a stored record with another attempt number belongs to another run. */
  attempt: number;
  /** Epoch ms at which the run is aborted with RunDeadlineError. */
  deadline: number;
  /** How often the stored status is checked for a cancel. */
  pollMs: number;
  clock: () => number;
  read: (requestId: string) => Promise<RequestRecord | undefined>;
  /** Told the stored record each time a check finds the run still current (e.g. its connection moved). */
  onCurrent?: (record: RequestRecord) => void;
  logger: ProcessorLogger;
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
    }, Math.max(0, deadline - clock()));
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
