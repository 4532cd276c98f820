/** The two timer functions the client uses; injectable so tests and hosts can drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type ClearHandle = Parameters<typeof globalThis.clearTimeout>[0];

/** The host's timers, looked up on each call (so Jest fake timers installed later still apply). */
export const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ClearHandle),
};

/** One restartable timeout. `start` replaces any timeout still pending. */
export class Timer {
  private handle: unknown = undefined;

  constructor(private readonly timers: Timers) {}

  get active(): boolean {
    return this.handle !== undefined;
  }

  start(ms: number, callback: () => void): void {
    this.stop();
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      callback();
    }, ms);
  }

  stop(): void {
    if (this.handle === undefined) return;
    this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }
}
