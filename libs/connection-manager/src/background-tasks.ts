// Bounded background work keyed by connection: at most `concurrency` tasks run at once, at most
// `maxPending` wait, and a key already waiting or running is coalesced into it. Tasks start on a later
// microtask, never inside the caller's synchronous path. `whenIdle()` is how flush and shutdown wait for
// them; `discardWaiting()` is how a flush that ran out of time drops what has not started.

export type OfferResult = 'queued' | 'coalesced' | 'full';

export interface BackgroundTasksOptions {
  concurrency: number;
  maxPending: number;
  onError: (key: string, error: unknown) => void;
}

export class BackgroundTasks {
  private readonly waiting = new Map<string, () => Promise<void>>();
  private readonly running = new Set<string>();
  private idleWaiters: Array<() => void> = [];
  private scheduled = false;
  /** Tasks that have finished (succeeded or failed). */
  settled = 0;

  constructor(private readonly options: BackgroundTasksOptions) {}

  offer(key: string, task: () => Promise<void>): OfferResult {
    if (this.waiting.has(key) || this.running.has(key)) return 'coalesced';
    if (this.waiting.size >= this.options.maxPending) return 'full';
    this.waiting.set(key, task);
    this.schedule();
    return 'queued';
  }

  /** Tasks waiting or running. */
  get size(): number {
    return this.waiting.size + this.running.size;
  }

  /** Removes the tasks that have not started and returns their keys; running tasks are left alone. */
  discardWaiting(): string[] {
    const keys = [...this.waiting.keys()];
    this.waiting.clear();
    if (this.size === 0) this.notifyIdle();
    return keys;
  }

  whenIdle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    void Promise.resolve().then(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    for (const [key, task] of this.waiting) {
      if (this.running.size >= this.options.concurrency) return;
      this.waiting.delete(key);
      this.running.add(key);
      void this.execute(key, task);
    }
  }

  private async execute(key: string, task: () => Promise<void>): Promise<void> {
    try {
      await task();
    } catch (error) {
      this.options.onError(key, error);
    } finally {
      this.settled += 1;
      this.running.delete(key);
      this.pump();
      if (this.size === 0) this.notifyIdle();
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
