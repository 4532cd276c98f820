// Broadcast: targets, the recipient pages, the worker pool and what a broadcast reports. Recipients
// come from the store as pages of ids (an explicit id list is one page), and the store reads one page
// ahead, so a tenant is never held in memory and the next page's round trip overlaps this page's
// deliveries. `concurrency` workers take the next index of the current page (the kernel's runPool: no
// per-recipient promise or allocation), so no more than `concurrency` deliveries are ever in flight. Sent / gone /
// failed are tallied, and BroadcastPartialFailureError is thrown when anything failed.
import { type Logger, runPool } from '@streamer/kernel';
import { isTopic, TOPIC_PATTERN } from '@streamer/protocol';
import type { ConnectionStore, SubscriptionStore } from '@streamer/store';
import type { Delivery } from './delivery';
import { ConnectionError, type ConnectionErrorOptions, isConnectionGone } from './errors';
import type { ManagerCounters } from './metrics';
import { positiveInteger } from './options';

/**
 * Connection ids, or a tenant-scoped target: a user is (tenant, sub), so `{userId}` without its
 * `tenantId` is a type error (and a TypeError at run time).
 */
export type BroadcastTarget =
  | readonly string[]
  | { tenantId: string; userId: string }
  | { tenantId: string }
  | { tenantId: string; topic: string };

interface RecipientSources {
  connections: ConnectionStore;
  subscriptions: SubscriptionStore;
}

/** Pages of recipient ids; `verified` when they were read from the store just now (no per-send lookup). */
interface Recipients {
  pages: AsyncIterable<readonly string[]>;
  verified: boolean;
}

function recipientsOf(target: BroadcastTarget, stores: RecipientSources, pageSize?: number): Recipients {
  const paging = pageSize === undefined ? undefined : { pageSize };
  if (isIdList(target)) return { pages: onePage([...new Set(target)]), verified: false };
  const tenantId = requireText((target as { tenantId?: unknown }).tenantId, 'tenantId');
  if ('userId' in target) return { pages: stores.connections.connectedIds({ tenantId, userId: requireText(target.userId, 'userId') }, paging), verified: true };
  if ('topic' in target) return { pages: stores.subscriptions.subscriberIds(tenantId, requireTopic(target.topic), paging), verified: true };
  return { pages: stores.connections.connectedIds({ tenantId }, paging), verified: true };
}

function isIdList(target: BroadcastTarget): target is readonly string[] {
  return Array.isArray(target);
}

/** The protocol's one topic rule: a topic nobody could subscribe to is refused, not silently empty. */
function requireTopic(value: unknown): string {
  if (!isTopic(value)) throw new TypeError(`Broadcast target topic must match ${String(TOPIC_PATTERN)}`);
  return value;
}

function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`Broadcast target ${field} must be a non-empty string`);
  return value;
}

async function* onePage(ids: readonly string[]): AsyncIterable<readonly string[]> {
  yield ids;
}

// One broadcast: stream the recipients, deliver the shared payload with a bounded worker pool, tally
// sent / gone / failed, and throw BroadcastPartialFailureError when anything failed.
export interface BroadcastOptions {
  /** Deliveries in flight at most; default 50 (or the manager's broadcastConcurrency). */
  concurrency?: number;
  /** Recipients per store page; default: 500, then 2 000, then as many as one DynamoDB call returns (up to 1 MB read). */
  pageSize?: number;
  /** Failed recipients listed with their error at most; default 1000 (failedCount is always exact). */
  maxFailureDetails?: number;
}

interface BroadcastDeps {
  connections: ConnectionStore;
  subscriptions: SubscriptionStore;
  delivery: Delivery;
  counters: ManagerCounters;
  logger: Logger;
}

export async function runBroadcast(
  target: BroadcastTarget,
  payload: Uint8Array,
  deps: BroadcastDeps,
  options: BroadcastOptions & { concurrency: number },
): Promise<BroadcastResult> {
  const concurrency = positiveInteger(options.concurrency, 'concurrency');
  const { pages, verified } = recipientsOf(target, deps, options.pageSize);
  const tally = new BroadcastTally(options.maxFailureDetails ?? 1000);
  const mode = { verified, touch: false };
  const started = performance.now();
  try {
    await runPool(pages, concurrency, async (connectionId) => {
      try {
        await deps.delivery.deliver(connectionId, payload, mode);
        tally.sent();
      } catch (error) {
        if (isConnectionGone(error)) tally.gone();
        else {
          tally.failed(connectionId, error);
          deps.counters.countError(error);
        }
      }
    });
  } finally {
    deps.counters.broadcasted(performance.now() - started, tally.result);
  }
  return finish(tally.result, deps.logger);
}

function finish(result: BroadcastResult, logger: Logger): BroadcastResult {
  if (result.failedCount === 0) return result;
  logger.warn('Broadcast partially failed', { sent: result.sent, gone: result.gone, failed: result.failedCount });
  throw new BroadcastPartialFailureError(result);
}

// What a broadcast reports: how many frames were delivered, how many recipients turned out to be gone
// (cleaned up; not failures), and which failed and why.
export interface FailedDelivery {
  connectionId: string;
  error: unknown;
}

export interface BroadcastResult {
  sent: number;
  gone: number;
  /** Failed recipients with their errors (the first `maxFailureDetails` of them). */
  failed: FailedDelivery[];
  /** Failed recipients in total (equals `failed.length` unless the detail list was capped). */
  failedCount: number;
}

class BroadcastTally {
  readonly result: BroadcastResult = { sent: 0, gone: 0, failed: [], failedCount: 0 };

  constructor(private readonly maxFailureDetails: number) {}

  sent(): void {
    this.result.sent += 1;
  }

  gone(): void {
    this.result.gone += 1;
  }

  failed(connectionId: string, error: unknown): void {
    this.result.failedCount += 1;
    if (this.result.failed.length < this.maxFailureDetails) this.result.failed.push({ connectionId, error });
  }
}

/** Some recipients failed (gone recipients are not failures). Carries the full result. */
export class BroadcastPartialFailureError extends ConnectionError {
  readonly name = 'BroadcastPartialFailureError';
  readonly code = 'BROADCAST_PARTIAL_FAILURE';
  readonly result: BroadcastResult;

  constructor(result: BroadcastResult, options: ConnectionErrorOptions = {}) {
    super(`Broadcast failed for ${result.failedCount} recipient(s); ${result.sent} sent, ${result.gone} gone`, options);
    this.result = result;
  }

  /** Retryable when every failure was (retrying the failed recipients may then succeed). */
  get retryable(): boolean {
    return this.result.failed.every((f) => f.error instanceof ConnectionError && f.error.retryable);
  }

  protected override context(): Record<string, unknown> {
    const { sent, gone, failedCount } = this.result;
    const failed = this.result.failed.slice(0, 20).map(({ connectionId, error }) => ({
      connectionId,
      error: error instanceof ConnectionError ? error.toJSON() : { name: error instanceof Error ? error.name : 'Error' },
    }));
    return { sent, gone, failedCount, failed };
  }
}
