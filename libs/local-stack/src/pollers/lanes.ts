// Parallel lanes for one shard, as Lambda's parallelization factor has them: records with the same
// key always go to the same lane, in order; each lane delivers one batch at a time; lanes run side by
// side. `push` waits while too many records are buffered, so a slow function slows the reader.

export interface LanesOptions<T> {
  lanes: number;
  batchSize: number;
  maxBuffered: number;
  keyOf(item: T): string;
  deliver(batch: T[]): Promise<void>;
}

export class Lanes<T> {
  private readonly queues: T[][];
  private readonly busy: boolean[];
  private buffered = 0;
  private waiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: LanesOptions<T>) {
    this.queues = Array.from({ length: options.lanes }, () => []);
    this.busy = Array.from({ length: options.lanes }, () => false);
  }

  get size(): number {
    return this.buffered;
  }

  /** Queues `items`; resolves once there was room for them (or at once when `signal` aborts). */
  async push(items: readonly T[], signal?: AbortSignal): Promise<void> {
    while (this.buffered >= this.options.maxBuffered && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    for (const item of items) {
      const lane = laneOf(this.options.keyOf(item), this.options.lanes);
      (this.queues[lane] as T[]).push(item);
      this.buffered += 1;
    }
    for (let lane = 0; lane < this.options.lanes; lane++) this.work(lane);
  }

  /** Resolves when every queued record has been delivered. */
  idle(): Promise<void> {
    if (this.buffered === 0 && !this.busy.includes(true)) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Forgets queued records (on stop); batches in delivery finish on their own. */
  clear(): void {
    for (const queue of this.queues) queue.length = 0;
    this.buffered = 0;
    this.release();
  }

  private work(lane: number): void {
    const queue = this.queues[lane] as T[];
    if (this.busy[lane] || queue.length === 0) return;
    this.busy[lane] = true;
    const batch = queue.splice(0, this.options.batchSize);
    void this.options
      .deliver(batch)
      .catch(() => undefined)
      .finally(() => {
        this.busy[lane] = false;
        this.buffered = Math.max(0, this.buffered - batch.length);
        this.release();
        this.work(lane);
      });
  }

  private release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
    if (this.buffered === 0 && !this.busy.includes(true)) {
      const idle = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of idle) resolve();
    }
  }
}

/** FNV-1a of the key, modulo the lane count. */
export function laneOf(key: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}
