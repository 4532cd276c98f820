// Time-to-live defaults (SPEC §3). Times are epoch milliseconds, `ttl` is epoch seconds.

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
