// Options of createConnectionManager and how defaults are filled in.
import type { ConnectionStore, SubscriptionStore } from '@streamer/store';
import { type BreakerOptions, DEFAULT_BREAKER } from './breaker';
import { type ConnectionFailureOptions, DEFAULT_CONNECTION_FAILURES } from './connection-failures';
import type { GatewayPort } from './gateway/port';
import { defaultManagerLogger, type ManagerLogger } from './logger';
import { MAX_MESSAGE_BYTES } from './message';
import { defaultSleep, resolveRetryPolicy, type RetryPolicy, type Sleep } from './retry';
import { DEFAULT_TOUCH, type TouchOptions } from './touch';

/** Wall clock in epoch milliseconds (cache expiry, cool-downs, lastActiveAt). */
export interface Clock {
  now(): number;
}

export interface CleanupOptions {
  /** Cleanups of gone connections running at once; default 8. */
  concurrency: number;
  /** Cleanups waiting at most; beyond that the sender runs its cleanup itself; default 1000. */
  maxPending: number;
}

export interface ConnectionManagerOptions {
  gateway: GatewayPort;
  connections: ConnectionStore;
  subscriptions: SubscriptionStore;
  logger?: ManagerLogger;
  clock?: Clock;
  /** Uniform [0, 1) source for backoff jitter; default Math.random. */
  random?: () => number;
  /** Waits between retries; default setTimeout. */
  sleep?: Sleep;
  retry?: Partial<RetryPolicy>;
  /** Connection status cache TTL; default 30 000 ms (0 disables the cache). */
  cacheTtlMs?: number;
  /** Connection status cache size; default 10 000. */
  cacheMaxEntries?: number;
  breaker?: Partial<BreakerOptions>;
  perConnectionFailures?: Partial<ConnectionFailureOptions>;
  touch?: Partial<TouchOptions>;
  cleanup?: Partial<CleanupOptions>;
  /** Frame size limit; default 128 KiB (API Gateway's). */
  maxMessageBytes?: number;
  /** Default broadcast concurrency; default 50. */
  broadcastConcurrency?: number;
}

export interface ResolvedOptions {
  gateway: GatewayPort;
  connections: ConnectionStore;
  subscriptions: SubscriptionStore;
  logger: ManagerLogger;
  now: () => number;
  random: () => number;
  sleep: Sleep;
  retry: RetryPolicy;
  cacheTtlMs: number;
  cacheMaxEntries: number;
  breaker: BreakerOptions;
  failures: ConnectionFailureOptions;
  touch: TouchOptions;
  cleanup: CleanupOptions;
  maxMessageBytes: number;
  broadcastConcurrency: number;
}

export function resolveOptions(options: ConnectionManagerOptions): ResolvedOptions {
  const clock = options.clock;
  return {
    gateway: options.gateway,
    connections: options.connections,
    subscriptions: options.subscriptions,
    logger: options.logger ?? defaultManagerLogger(),
    now: clock ? () => clock.now() : () => Date.now(),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
    retry: resolveRetryPolicy(options.retry),
    cacheTtlMs: options.cacheTtlMs ?? 30_000,
    cacheMaxEntries: options.cacheMaxEntries ?? 10_000,
    breaker: { ...DEFAULT_BREAKER, ...options.breaker },
    failures: { ...DEFAULT_CONNECTION_FAILURES, ...options.perConnectionFailures },
    touch: { ...DEFAULT_TOUCH, ...options.touch },
    cleanup: { concurrency: 8, maxPending: 1000, ...options.cleanup },
    maxMessageBytes: options.maxMessageBytes ?? MAX_MESSAGE_BYTES,
    broadcastConcurrency: positiveInteger(options.broadcastConcurrency ?? 50, 'broadcastConcurrency'),
  };
}

export function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be an integer ≥ 1`);
  return value;
}
