// One broadcast: stream the recipients, deliver the shared payload with a bounded worker pool, tally
// sent / gone / failed, and throw BroadcastPartialFailureError when anything failed.
import type { ConnectionStore, SubscriptionStore } from '@streamer/store';
import { type BroadcastTarget, recipientsOf, runPool } from './broadcast';
import { BroadcastPartialFailureError, type BroadcastResult, BroadcastTally } from './broadcast-result';
import type { Delivery } from './delivery';
import { isConnectionGone } from './is-connection-gone';
import type { ManagerLogger } from './logger';
import type { ManagerCounters } from './metrics';
import { positiveInteger } from './options';

export interface BroadcastOptions {
  /** Deliveries in flight at most; default 50 (or the manager's broadcastConcurrency). */
  concurrency?: number;
  /** Page size asked of the store's iterators. */
  pageSize?: number;
  /** Failed recipients listed with their error at most; default 1000 (failedCount is always exact). */
  maxFailureDetails?: number;
}

export interface BroadcastDeps {
  connections: ConnectionStore;
  subscriptions: SubscriptionStore;
  delivery: Delivery;
  counters: ManagerCounters;
  logger: ManagerLogger;
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

function finish(result: BroadcastResult, logger: ManagerLogger): BroadcastResult {
  if (result.failedCount === 0) return result;
  logger.warn('Broadcast partially failed', { sent: result.sent, gone: result.gone, failed: result.failedCount });
  throw new BroadcastPartialFailureError(result);
}
