// What both implementations (DynamoDB and the in-memory fakes) store the same way: the TTL defaults
// (SPEC §3; times are epoch milliseconds, `ttl` is epoch seconds), the record builders, the checks on
// arguments, and the token-bucket arithmetic kept on the connection record.
import { InvalidInputError } from './errors';
import type { ConnectionRecord, NewRequest, RequestRecord, SubscriptionRecord, SubscriptionStore, TokenBucket, TokenDecision } from './model';

/** Connections live for CONNECTION_TTL (default 24 h). */
export const CONNECTION_TTL_SECONDS = 24 * 60 * 60;
/** Requests are kept 7 days so a reconnecting client can still fetch its result. */
export const REQUEST_TTL_SECONDS = 7 * 24 * 60 * 60;
/** A disconnected connection is kept this long for audit before TTL removes it. */
export const DISCONNECTED_AUDIT_TTL_SECONDS = 60 * 60;
/** `lastActiveAt` is refreshed at most this often per connection (see lifecycle.ts). */
export const TOUCH_INTERVAL_MS = 60_000;
/** Subscriptions never outlive the connection they belong to. */
export const SUBSCRIPTION_TTL_SECONDS = CONNECTION_TTL_SECONDS;
/** Default page size of the paging iterators. */
export const DEFAULT_PAGE_SIZE = 100;
/** Bounds of the admin `page({limit})`. */
export const MAX_PAGE_LIMIT = 1000;

/** Epoch seconds `seconds` after the epoch-millisecond instant `now`. */
export function ttlAfter(now: number, seconds: number): number {
  return Math.floor(now / 1000) + seconds;
}

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

// Token-bucket arithmetic, in its GCRA form (the generic cell rate algorithm):
// the bucket is one number per connection, the theoretical arrival time (TAT) of the next token. A
// take at `now` is allowed when the TAT is at most `(burst - 1)` emission intervals ahead of `now`,
// and moves it one interval on. That update is a single conditional write — no read-modify-write
// race between concurrent takes, so a burst of concurrent frames gets exactly `burst` tokens.
// Times are integer microseconds, so sums of intervals stay exact.

export interface Schedule {
  /** Time one token stands for: 1 / ratePerSecond. */
  intervalUs: number;
  /** How far ahead of now the TAT may be and a take still succeed: (burst - 1) intervals. */
  toleranceUs: number;
}

export interface Take {
  decision: TokenDecision;
  /** The TAT to store after an allowed take. */
  nextTatUs?: number;
}

export const ALLOWED: Readonly<TokenDecision> = Object.freeze({ allowed: true, retryAfterMs: 0 });

export function assertBucket(bucket: TokenBucket): void {
  if (!(bucket.ratePerSecond > 0) || !(bucket.burst >= 1) || !Number.isFinite(bucket.burst)) {
    throw new InvalidInputError('token bucket needs ratePerSecond > 0 and a finite burst >= 1');
  }
}

export function scheduleOf(bucket: TokenBucket): Schedule {
  const intervalUs = Math.max(1, Math.round(1_000_000 / bucket.ratePerSecond));
  return { intervalUs, toleranceUs: (Math.floor(bucket.burst) - 1) * intervalUs };
}

export function microseconds(epochMs: number): number {
  return Math.round(epochMs * 1000);
}

/** One take from a bucket whose TAT is `tatUs` (undefined: never used, a full bucket). */
export function takeAt(tatUs: number | undefined, bucket: TokenBucket, nowMs: number): Take {
  const { intervalUs, toleranceUs } = scheduleOf(bucket);
  const nowUs = microseconds(nowMs);
  const start = Math.max(tatUs ?? nowUs, nowUs);
  if (start - nowUs > toleranceUs) return { decision: refusal(start, nowUs, toleranceUs) };
  return { decision: ALLOWED, nextTatUs: start + intervalUs };
}

/** A refused take: how long until the TAT is back within the tolerance. */
export function refusal(tatUs: number, nowUs: number, toleranceUs: number): TokenDecision {
  return { allowed: false, retryAfterMs: Math.max(1, Math.ceil((tatUs - nowUs - toleranceUs) / 1000)) };
}
