// Settling work: `flush` (before a Lambda handler returns) and `shutdown` (before the process exits)
// both wait for operations in flight (counted by InFlight), then for background cleanups and touches
// (which those operations may still add to), up to a deadline. Flush then drops what has not started,
// so nothing queued in this invocation runs in a later one; shutdown only reports it.


export interface ShutdownReport {
  /** True when everything finished before the deadline. */
  drained: boolean;
  /** Operations and background tasks still unfinished at the deadline. */
  abandoned: number;
}

export interface FlushReport {
  /** Background cleanups and touches that finished while the flush waited. */
  completed: number;
  /**
   * Work unfinished at the deadline: cleanups and touches not started are discarded (a connection whose
   * cleanup was discarded is cleaned up again at its next 410); those running, and operations the caller
   * did not await, are abandoned and counted here too.
   */
  dropped: number;
}

/** The invocation whose remaining time bounds a flush (a Lambda `Context` fits). */
export interface FlushInvocation {
  getRemainingTimeInMillis(): number;
}

export interface FlushOptions {
  /** Longest wait; default 10 000 ms. */
  timeoutMs?: number;
  /** Bounds the wait to the invocation's remaining time less `marginMs`. */
  invocation?: FlushInvocation;
  /** Time kept for returning the response; default 500 ms. */
  marginMs?: number;
}

export const DEFAULT_SETTLE_TIMEOUT_MS = 10_000;
const DEFAULT_FLUSH_MARGIN_MS = 500;

interface Drainable {
  readonly size?: number;
  readonly pending?: number;
  whenIdle(): Promise<void>;
}

export interface DrainTargets {
  operations: Drainable[];
  background: Drainable[];
}

/** min(timeoutMs, remaining time − margin), never below zero. */
export function flushTimeoutMs(options: FlushOptions): number {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS;
  if (!options.invocation) return Math.max(0, timeoutMs);
  const budget = options.invocation.getRemainingTimeInMillis() - (options.marginMs ?? DEFAULT_FLUSH_MARGIN_MS);
  return Math.max(0, Math.min(timeoutMs, budget));
}

export async function drain(targets: DrainTargets, timeoutMs: number): Promise<ShutdownReport> {
  const all = [...targets.operations, ...targets.background];
  const unfinished = (): number => all.reduce((sum, t) => sum + (t.size ?? t.pending ?? 0), 0);
  if (unfinished() === 0) return { drained: true, abandoned: 0 };
  const idle = (async () => {
    await Promise.all(targets.operations.map((t) => t.whenIdle()));
    await Promise.all(targets.background.map((t) => t.whenIdle()));
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([idle.then(() => 'idle' as const), deadline]);
  clearTimeout(timer);
  const abandoned = outcome === 'idle' ? 0 : unfinished();
  return { drained: abandoned === 0, abandoned };
}

// Counts operations in progress and lets shutdown wait until there are none.
export class InFlight {
  private count = 0;
  private idleWaiters: Array<() => void> = [];

  get size(): number {
    return this.count;
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    this.count += 1;
    try {
      return await operation();
    } finally {
      this.count -= 1;
      if (this.count === 0) this.notifyIdle();
    }
  }

  whenIdle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
