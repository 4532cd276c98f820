// Broadcast targets and the worker pool. Recipients are pulled one at a time from the store's async
// iterators (which fetch page by page), so a tenant is never held in memory; `concurrency` workers
// share that single stream, so no more than `concurrency` deliveries are ever in flight.
import { isTopic, TOPIC_PATTERN } from '@streamer/protocol';
import type { ConnectionStore, SubscriptionStore } from '@streamer/store';

export type BroadcastTarget =
  | readonly string[]
  | { userId: string }
  | { tenantId: string }
  | { tenantId: string; topic: string };

export interface Recipient {
  connectionId: string;
  /** Read from the store just now, so the per-send store lookup is skipped. */
  verified: boolean;
}

export interface RecipientSources {
  connections: ConnectionStore;
  subscriptions: SubscriptionStore;
}

export function recipientsOf(target: BroadcastTarget, stores: RecipientSources, pageSize?: number): AsyncIterable<Recipient> {
  const paging = pageSize === undefined ? undefined : { pageSize };
  if (isIdList(target)) return fromIds(target);
  if ('userId' in target) return fromRecords(stores.connections.byUser(requireText(target.userId, 'userId'), paging));
  if ('topic' in target) {
    const tenantId = requireText(target.tenantId, 'tenantId');
    return fromRecords(stores.subscriptions.byTopic(tenantId, requireTopic(target.topic), paging));
  }
  if ('tenantId' in target) return fromRecords(stores.connections.byTenant(requireText(target.tenantId, 'tenantId'), paging));
  throw new TypeError('Broadcast target must be connection ids, {userId}, {tenantId} or {tenantId, topic}');
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

/**
 * Runs `work` for every item of `source` with at most `concurrency` in progress. Items are pulled one
 * at a time (pulls are serialised, so any AsyncIterable is safe). A failing source stops the pool
 * (or a throwing `work`) after the items in progress finish, then its error is thrown.
 */
export async function runPool<T>(source: AsyncIterable<T>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = source[Symbol.asyncIterator]();
  let exhausted = false;
  let failure: { error: unknown } | undefined;
  let previous: Promise<unknown> = Promise.resolve();
  const pull = (): Promise<IteratorResult<T, unknown>> => {
    const next = previous.then(() => (exhausted ? { done: true as const, value: undefined } : iterator.next()));
    previous = next.catch(() => undefined);
    return next;
  };
  const worker = async (): Promise<void> => {
    while (!exhausted) {
      let item: IteratorResult<T, unknown>;
      try {
        item = await pull();
      } catch (error) {
        failure ??= { error };
        exhausted = true;
        return;
      }
      if (item.done) {
        exhausted = true;
        return;
      }
      try {
        await work(item.value);
      } catch (error) {
        failure ??= { error };
        exhausted = true;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (failure) throw failure.error;
}
