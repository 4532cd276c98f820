// Long jobs: a Lambda invocation lasts at most 15 minutes, so a background handler that needs longer
// ends an invocation with a continuation. The processor stores its state on the request, re-queues the
// request (not counted as a retry) and the next invocation gets the state back as `context.continuation`.

/**
 * What `context.continueWith(state, progress?, message?)` returns: return it from `processAsync` to end
 * this invocation and run the job again soon with `state`. The client sees progress, never this value.
 */
export class Continuation<S = unknown> {
  readonly state: S;
  readonly progress: number | undefined;
  readonly message: string | undefined;

  constructor(state: S, progress?: number, message?: string) {
    this.state = state;
    this.progress = progress;
    this.message = message;
  }
}

/** The parts of the async context a long job uses (see `AsyncHandlerContext`). */
export interface ContinuationContext {
  /**
   * The state the previous invocation of this job ended with (`continueWith`, or the latest
   * `checkpoint` when it ran out of time); undefined on the job's first invocation.
   */
  continuation: unknown;
  /** Which invocation of the job this is: 1 on the first, 2 after its first continuation, … */
  segment: number;
  /**
   * Builds the value to return to continue in a new invocation with `state` (any JSON value, at most
   * 64 KB as JSON), reporting `progress` (in [0, 1]) first when given.
   */
  continueWith<S>(state: S, progress?: number, message?: string): Continuation<S>;
  /**
   * Records where the job would resume if this invocation ran out of time: when the deadline arrives
   * (`signal` aborts) and a checkpoint was recorded, the processor continues from the latest one
   * instead of failing the attempt with `TIMEOUT`. Cheap (nothing is written until then).
   */
  checkpoint(state: unknown, progress?: number, message?: string): void;
}
