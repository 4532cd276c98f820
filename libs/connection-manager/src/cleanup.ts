// Cleanup of connections API Gateway reports gone (410): the status cache learns at once (so later
// sends fail fast), then the store's lifecycle retires the connection (DISCONNECTED, audit TTL, its
// subscriptions dropped) in the background. One cleanup per connection however many sends see the
// 410 concurrently.
import type { ConnectionLifecycle } from '@streamer/store';
import { LRUCache } from 'lru-cache';
import { BackgroundTasks } from './background-tasks';
import type { ManagerLogger } from './logger';
import type { StatusCache } from './status-cache';

export interface CleanupDeps {
  lifecycle: Pick<ConnectionLifecycle, 'retire'>;
  cache: StatusCache;
  logger: ManagerLogger;
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
