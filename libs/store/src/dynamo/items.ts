// Item ↔ record mapping. Items may carry storage-only attributes (token-bucket state, the raw
// subscription key); records expose exactly the contract's fields.
import type { ConnectionRecord, RequestRecord, SubscriptionRecord } from '../model';

type Item = Record<string, unknown>;

const CONNECTION_FIELDS = ['connectionId', 'userId', 'tenantId', 'status', 'endpoint', 'connectedAt', 'lastActiveAt', 'disconnectedAt', 'ttl'] as const;

const REQUEST_FIELDS = [
  'requestId', 'connectionId', 'userId', 'tenantId', 'clientId', 'action', 'payload', 'status', 'progress',
  'progressMessage', 'result', 'error', 'lastError', 'attempts', 'leaseExpiresAt', 'createdAt', 'updatedAt', 'ttl',
] as const;

function pick(item: Item, fields: readonly string[]): Item {
  const out: Item = {};
  for (const field of fields) {
    if (item[field] !== undefined) out[field] = item[field];
  }
  return out;
}

export function toConnection(item: Item): ConnectionRecord {
  return pick(item, CONNECTION_FIELDS) as unknown as ConnectionRecord;
}

/** Undefined for items that are not requests (idempotency guards have no `status`). */
export function toRequest(item: Item | undefined): RequestRecord | undefined {
  if (item === undefined || typeof item['status'] !== 'string') return undefined;
  return pick(item, REQUEST_FIELDS) as unknown as RequestRecord;
}

/** The hash key holds `${tenantId}#${topic}`; the plain topic is kept in `topicName`. */
export function toSubscription(item: Item): SubscriptionRecord {
  const { tenantId, topicName, connectionId, userId, createdAt, ttl } = item;
  return { tenantId, topic: topicName, connectionId, userId, createdAt, ttl } as SubscriptionRecord;
}

/** Drops top-level undefined values (optional record fields) before a write. */
export function compact<T extends object>(record: T): Item {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}
