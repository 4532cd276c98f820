// Pure builders shared by both implementations so they store exactly the same records.
import { REQUEST_TTL_SECONDS, SUBSCRIPTION_TTL_SECONDS, ttlAfter } from './defaults';
import { InvalidInputError } from './errors';
import type { ConnectionRecord, NewRequest, RequestRecord, SubscriptionRecord, SubscriptionStore } from './model';

export type NewSubscription = Parameters<SubscriptionStore['add']>[0];

export function newRequestRecord(request: NewRequest, now: number): RequestRecord {
  const { now: _now, ttl, ...fields } = request;
  return {
    ...fields,
    status: 'queued',
    progress: 0,
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    ttl: ttl ?? ttlAfter(now, REQUEST_TTL_SECONDS),
  };
}

export function newSubscriptionRecord(subscription: NewSubscription, now: number): SubscriptionRecord {
  const { now: _now, ttl, tenantId, topic, connectionId, userId } = subscription;
  return { tenantId, topic, connectionId, userId, createdAt: now, ttl: ttl ?? ttlAfter(now, SUBSCRIPTION_TTL_SECONDS) };
}

/** Progress is a fraction in [0, 1] (SPEC §2). */
export function assertProgress(progress: number): void {
  if (!Number.isFinite(progress) || progress < 0 || progress > 1) {
    throw new InvalidInputError(`progress must be a number in [0, 1], got ${progress}`);
  }
}

export function assertPageLimit(limit: number, max: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new InvalidInputError(`limit must be an integer from 1 to ${max}, got ${limit}`);
  }
}

export function assertPageSize(pageSize: number): void {
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new InvalidInputError(`pageSize must be a positive integer, got ${pageSize}`);
  }
}

/** `markDisconnected`'s `ifInactiveSince` guard: true when the connection was active at or after `since`. */
export function activeSince(connection: ConnectionRecord, since: number | undefined): boolean {
  return since !== undefined && connection.lastActiveAt >= since;
}
