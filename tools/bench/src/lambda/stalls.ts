// What slows an invocation down without being its handler's work, measured inside the Lambda child so a
// report can say how much of a handler's own time (its duration minus its store calls) the machine took:
// - waits for a core: the main thread runnable but not running, because the other processes of the
//   machine (DynamoDB Local, the benchmark) hold both cores. Linux counts it per thread, as the second
//   field of /proc/<pid>/schedstat, "time spent waiting on a runqueue" in ns
//   (https://docs.kernel.org/scheduler/sched-stats.html#proc-pid-schedstat); read at the invocation's
//   edges and at each store call's (the store's waits belong to its calls, not to the handler);
// - garbage collection: V8's pauses, from perf_hooks `gc` entries
//   (https://nodejs.org/docs/latest-v20.x/api/perf_hooks.html#performanceentrydetail), counted where
//   they fall inside the invocation and outside its store calls.
import { closeSync, openSync, readSync } from 'node:fs';
import { PerformanceObserver } from 'node:perf_hooks';
import { mergedSpans } from '../core/store-tally';
import type { OutboundCall } from './invoke-child';

/** One invocation's stalls outside its store calls, ms. */
export interface Stalls {
  runQueueMs: number;
  gcMs: number;
}

/** Where schedstat is missing (not Linux), run-queue waits read as 0. */
export class StallMeter {
  private readonly fd: number | undefined = openOrUndefined('/proc/self/schedstat');
  private readonly buffer = Buffer.alloc(128);
  private readonly gcPauses: Array<[number, number]> = [];
  private readonly observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) this.gcPauses.push([entry.startTime, entry.startTime + entry.duration]);
  });
  private inStore = 0;
  private storeEnteredAt = 0;
  private storeWaitNs = 0;
  private invocationFrom = 0;

  constructor() {
    this.observer.observe({ entryTypes: ['gc'] });
  }

  /** Call right before an invocation starts. */
  startInvocation(): void {
    this.storeWaitNs = 0;
    this.invocationFrom = this.runQueueNs();
  }

  /** The main thread's run-queue wait since `startInvocation`, store calls' share taken out, ms. */
  endInvocation(): number {
    return Math.max(0, this.runQueueNs() - this.invocationFrom - this.storeWaitNs) / 1e6;
  }

  /** Wraps one store call: the waits while any store call is in flight are the store's. */
  storeCall<T>(call: () => T): T {
    if (this.inStore++ === 0) this.storeEnteredAt = this.runQueueNs();
    const leave = () => {
      if (--this.inStore === 0) this.storeWaitNs += this.runQueueNs() - this.storeEnteredAt;
    };
    try {
      const result = call();
      if (isThenable(result)) result.then(leave, leave);
      else leave();
      return result;
    } catch (error) {
      leave();
      throw error;
    }
  }

  /**
   * GC pause time inside [from, to] and outside `calls`. Call once the batch is over and the
   * observer's entries have been delivered (they arrive asynchronously); `forgetGc()` after the batch.
   */
  gcMs(from: number, to: number, calls: readonly OutboundCall[]): number {
    return pausedOutside(this.gcPauses, from, to, calls);
  }

  forgetGc(): void {
    this.gcPauses.length = 0;
  }

  stop(): void {
    this.observer.disconnect();
    if (this.fd !== undefined) closeSync(this.fd);
  }

  private runQueueNs(): number {
    if (this.fd === undefined) return 0;
    const n = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
    return Number(this.buffer.toString('latin1', 0, n).split(' ')[1] ?? 0);
  }
}

/** Time of `pauses` ([start, end] pairs) inside [from, to] and outside every one of `calls`. */
export function pausedOutside(pauses: ReadonlyArray<readonly [number, number]>, from: number, to: number, calls: readonly OutboundCall[]): number {
  const store = mergedSpans(calls);
  let total = 0;
  for (const [start, end] of pauses) {
    const [a, b] = [Math.max(start, from), Math.min(end, to)];
    if (b <= a) continue;
    total += b - a - store.reduce((sum, [c, d]) => sum + overlap(a, b, c, d), 0);
  }
  return total;
}

function overlap(a: number, b: number, c: number, d: number): number {
  return Math.max(0, Math.min(b, d) - Math.max(a, c));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

function openOrUndefined(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch {
    return undefined;
  }
}
