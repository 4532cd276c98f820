// Records activity (`lastActiveAt`) after successful sends without delaying the sender: touches run in
// the background, as often as the store's touch policy allows (`ConnectionLifecycle.touchDue`, once a
// minute per connection), coalesced while pending, and dropped (counted) when the queue is full. Flush
// and shutdown wait for what is queued.
import type { ConnectionLifecycle } from '@streamer/store';
import { LRUCache } from 'lru-cache';
import { BackgroundTasks } from './background-tasks';
import type { ManagerLogger } from './logger';

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
    logger: ManagerLogger,
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
    if (outcome === 'full') this.dropped += 1;
    else this.lastTouched.set(connectionId, at);
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
