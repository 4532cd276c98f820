// Work the manager does after a send without making the sender wait: cleanups of gone connections
// and `lastActiveAt` touches, each in a bounded queue that flush and shutdown can wait for.
//
// BackgroundTasks: at most `concurrency` tasks run at once, at most `maxPending` wait, and a key already
// waiting or running is coalesced into it. Tasks start on a later microtask, never inside the caller's
// synchronous path. `whenIdle()` is how flush and shutdown wait for them; `discardWaiting()` is how a
// flush that ran out of time drops what has not started.
import type { Logger } from '@streamer/kernel';
import type { ConnectionLifecycle } from '@streamer/store';
import { LRUCache } from 'lru-cache';
import type { StatusCache } from './delivery';

type OfferResult = 'queued' | 'coalesced' | 'full';

interface BackgroundTasksOptions {
  concurrency: number;
  maxPending: number;
  onError: (key: string, error: unknown) => void;
}

class BackgroundTasks {
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

// Cleanup of connections API Gateway reports gone (410): the status cache learns at once (so later
// sends fail fast), then the store's lifecycle retires the connection (DISCONNECTED, audit TTL, its
// subscriptions dropped) in the background. One cleanup per connection however many sends see the
// 410 concurrently.
interface CleanupDeps {
  lifecycle: Pick<ConnectionLifecycle, 'retire'>;
  cache: StatusCache;
  logger: Logger;
  now: () => number;
  concurrency: number;
  maxPending: number;
  /** Gone connections remembered so that later 410s do not clean up again. */
  rememberGone: number;
}

export class GoneConnections {
  /** Cleanups started (one per gone connection). */
  started = 0;
  failed = 0;
  private readonly tasks: BackgroundTasks;
  private readonly known: LRUCache<string, true>;

  constructor(private readonly deps: CleanupDeps) {
    this.known = new LRUCache<string, true>({ max: deps.rememberGone });
    this.tasks = new BackgroundTasks({
      concurrency: deps.concurrency,
      maxPending: deps.maxPending,
      onError: (connectionId, error) => {
        this.failed += 1;
        deps.logger.warn('Cleanup of a gone connection failed', { connectionId, error });
      },
    });
  }

  /**
   * Records that the gateway reported the connection gone. Returns once the cleanup is queued, or —
   * when the queue is full — once it has run (backpressure instead of dropping it).
   */
  async markGone(connectionId: string): Promise<void> {
    this.deps.cache.set(connectionId, 'gone');
    if (this.known.has(connectionId)) return;
    this.known.set(connectionId, true);
    const outcome = this.tasks.offer(connectionId, () => this.cleanup(connectionId));
    if (outcome === 'queued') this.started += 1;
    if (outcome === 'full') {
      this.started += 1;
      await this.cleanup(connectionId).catch((error: unknown) => {
        this.failed += 1;
        this.deps.logger.warn('Cleanup of a gone connection failed', { connectionId, error });
      });
    }
  }

  /** True when this manager has seen the connection gone. */
  isKnownGone(connectionId: string): boolean {
    return this.known.has(connectionId);
  }

  get pending(): number {
    return this.tasks.size;
  }

  /** Cleanups finished so far. */
  get settled(): number {
    return this.tasks.settled;
  }

  /** Drops the cleanups not started yet; each connection is forgotten, so its next 410 cleans it up again. */
  discardWaiting(): void {
    for (const connectionId of this.tasks.discardWaiting()) this.known.delete(connectionId);
  }

  whenIdle(): Promise<void> {
    return this.tasks.whenIdle();
  }

  private async cleanup(connectionId: string): Promise<void> {
    const { subscriptionsRemoved } = await this.deps.lifecycle.retire(connectionId, { at: this.deps.now() });
    this.deps.logger.info('Removed gone connection', { connectionId, subscriptionsRemoved });
  }
}

// Records activity (`lastActiveAt`) after successful sends without delaying the sender: touches run in
// the background, as often as the store's touch policy allows (`ConnectionLifecycle.touchDue`, once a
// minute per connection), coalesced while pending, and dropped (counted) when the queue is full. Flush
// and shutdown wait for what is queued.
export interface TouchOptions {
  /** Set false to never touch lastActiveAt; default true. */
  enabled: boolean;
  /** Touches waiting at most; extra ones are dropped; default 1000. */
  maxPending: number;
  /** Touches running at once; default 4. */
  concurrency: number;
}

export const DEFAULT_TOUCH: Readonly<TouchOptions> = { enabled: true, maxPending: 1000, concurrency: 4 };

export class ActivityTouches {
  written = 0;
  dropped = 0;
  failed = 0;
  private readonly tasks: BackgroundTasks;
  private readonly lastTouched: LRUCache<string, number>;

  constructor(
    private readonly options: TouchOptions,
    private readonly lifecycle: Pick<ConnectionLifecycle, 'touchDue' | 'touch'>,
    private readonly now: () => number,
    logger: Logger,
    /** Told of every touch dropped because the queue is full. */
    private readonly onDropped: () => void = () => undefined,
  ) {
    this.lastTouched = new LRUCache<string, number>({ max: Math.max(options.maxPending * 10, 1000) });
    this.tasks = new BackgroundTasks({
      concurrency: options.concurrency,
      maxPending: options.maxPending,
      onError: (connectionId, error) => {
        this.failed += 1;
        logger.debug('Touching lastActiveAt failed', { connectionId, error });
      },
    });
  }

  /** Schedules a touch; never waits. */
  record(connectionId: string): void {
    if (!this.options.enabled) return;
    const at = this.now();
    if (!this.lifecycle.touchDue(this.lastTouched.get(connectionId), at)) return;
    const outcome = this.tasks.offer(connectionId, async () => {
      await this.lifecycle.touch(connectionId, { at: this.now() });
      this.written += 1;
    });
    if (outcome === 'full') {
      this.dropped += 1;
      this.onDropped();
    } else this.lastTouched.set(connectionId, at);
  }

  get pending(): number {
    return this.tasks.size;
  }

  /** Touches finished so far. */
  get settled(): number {
    return this.tasks.settled;
  }

  /** Drops the touches not started yet; the next send to each connection touches it again. */
  discardWaiting(): void {
    for (const connectionId of this.tasks.discardWaiting()) this.lastTouched.delete(connectionId);
  }

  whenIdle(): Promise<void> {
    return this.tasks.whenIdle();
  }
}
