// Broadcast: targets, the recipient stream, the worker pool and what a broadcast reports. Recipients
// are pulled one at a time from the store's async iterators (which fetch page by page), so a tenant is
// never held in memory; `concurrency` workers share that single stream (the kernel's runPool), so no
// more than `concurrency` deliveries are ever in flight. Sent / gone / failed are tallied, and
// BroadcastPartialFailureError is thrown when anything failed.
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

interface Recipient {
  connectionId: string;
  /** Read from the store just now, so the per-send store lookup is skipped. */
  verified: boolean;
}

interface RecipientSources {
  connections: ConnectionStore;
  subscriptions: SubscriptionStore;
}

function recipientsOf(target: BroadcastTarget, stores: RecipientSources, pageSize?: number): AsyncIterable<Recipient> {
  const paging = pageSize === undefined ? undefined : { pageSize };
  if (isIdList(target)) return fromIds(target);
  if ('userId' in target) {
    const tenantId = requireText(target.tenantId, 'tenantId');
    return fromRecords(stores.connections.byUser(requireText(target.userId, 'userId'), { ...paging, tenantId }));
  }
  if ('topic' in target) {
    const tenantId = requireText(target.tenantId, 'tenantId');
    return fromRecords(stores.subscriptions.byTopic(tenantId, requireTopic(target.topic), paging));
  }
  if ('tenantId' in target) return fromRecords(stores.connections.byTenant(requireText(target.tenantId, 'tenantId'), paging));
  throw new TypeError('Broadcast target must be connection ids, {tenantId, userId}, {tenantId} or {tenantId, topic}');
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

async function* fromIds(ids: readonly string[]): AsyncIterable<Recipient> {
  const seen = new Set<string>();
  for (const connectionId of ids) {
    if (seen.has(connectionId)) continue;
    seen.add(connectionId);
    yield { connectionId, verified: false };
  }
}

async function* fromRecords(records: AsyncIterable<{ connectionId: string }>): AsyncIterable<Recipient> {
  for await (const record of records) yield { connectionId: record.connectionId, verified: true };
}

// One broadcast: stream the recipients, deliver the shared payload with a bounded worker pool, tally
// sent / gone / failed, and throw BroadcastPartialFailureError when anything failed.
export interface BroadcastOptions {
  /** Deliveries in flight at most; default 50 (or the manager's broadcastConcurrency). */
  concurrency?: number;
  /** Page size asked of the store's iterators. */
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
  const recipients = recipientsOf(target, deps, options.pageSize);
  const tally = new BroadcastTally(options.maxFailureDetails ?? 1000);
  const started = performance.now();
  try {
    await runPool(recipients, concurrency, async ({ connectionId, verified }) => {
      try {
        await deps.delivery.deliver(connectionId, payload, verified);
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
    deps.counters.broadcastLatency.record(performance.now() - started);
    count(deps.counters, tally.result);
  }
  return finish(tally.result, deps.logger);
}

function count(counters: ManagerCounters, result: BroadcastResult): void {
  counters.recipientsSent += result.sent;
  counters.recipientsGone += result.gone;
  counters.recipientsFailed += result.failedCount;
  if (result.failedCount > 0) counters.broadcastsPartial += 1;
  else counters.broadcastsCompleted += 1;
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
