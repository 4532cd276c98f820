// Options of createConnectionManager, how defaults are filled in, and the manager's parts built from
// them: one status cache, one gateway breaker, the per-connection failure LRU, the background cleanup
// and touch queues, counters and the delivery path.
import { type Clock, type Logger, type Metrics, silentMetrics, sleep, systemClock } from '@streamer/kernel';
import { createLogger } from '@streamer/kernel/node';
import { ConnectionLifecycle, type ConnectionStore, type SubscriptionStore } from '@streamer/store';
import { ActivityTouches, DEFAULT_TOUCH, GoneConnections, type TouchOptions } from './background';
import { Delivery, MAX_MESSAGE_BYTES, StatusCache } from './delivery';
import type { GatewayPort } from './gateway/port';
import { ManagerCounters } from './metrics';
import {
  type BreakerOptions,
  type BreakerState,
  ConnectionFailures,
  type ConnectionFailureOptions,
  DEFAULT_BREAKER,
  DEFAULT_CONNECTION_FAILURES,
  GatewayBreaker,
  resolveRetryPolicy,
  type RetryPolicy,
  type Sleep,
} from './resilience';

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
  logger?: Logger;
  /** Sends, broadcasts, retries, errors, breaker opens, dropped work (see the README); default none. */
  metrics?: Metrics;
  /** Wall clock for cache expiry, cool-downs and lastActiveAt; default the system clock. */
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
  logger: Logger;
  metrics: Metrics;
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
  const clock = options.clock ?? systemClock;
  return {
    gateway: options.gateway,
    connections: options.connections,
    subscriptions: options.subscriptions,
    logger: options.logger ?? createLogger('streamer-connection-manager'),
    metrics: options.metrics ?? silentMetrics,
    now: () => clock.now(),
    random: options.random ?? Math.random,
    sleep: options.sleep ?? sleep,
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

// Wires the manager's parts from resolved options: one status cache, one gateway breaker, the
// per-connection failure LRU, the background cleanup and touch queues, counters and the delivery path.
export interface Components {
  cache: StatusCache;
  breaker: GatewayBreaker;
  failures: ConnectionFailures;
  gone: GoneConnections;
  touches: ActivityTouches;
  counters: ManagerCounters;
  delivery: Delivery;
}

export function createComponents(o: ResolvedOptions): Components {
  const cache = new StatusCache({ ttlMs: o.cacheTtlMs, maxEntries: o.cacheMaxEntries, now: o.now });
  const counters = new ManagerCounters(o.metrics);
  const breaker = new GatewayBreaker(o.breaker, o.now, (state) => {
    if (state === 'open') counters.breakerOpened();
    logBreakerState(o, state);
  });
  const failures = new ConnectionFailures(o.failures, o.now);
  const lifecycle = new ConnectionLifecycle(o);
  const gone = new GoneConnections({
    lifecycle,
    cache,
    logger: o.logger,
    now: o.now,
    concurrency: o.cleanup.concurrency,
    maxPending: o.cleanup.maxPending,
    rememberGone: o.cacheMaxEntries,
  });
  const touches = new ActivityTouches(o.touch, lifecycle, o.now, o.logger, () => counters.dropped(1, 'touch'));
  const delivery = new Delivery({
    gateway: o.gateway,
    connections: o.connections,
    cache,
    breaker,
    failures,
    gone,
    touches,
    counters,
    retry: { policy: o.retry, random: o.random, sleep: o.sleep },
    maxMessageBytes: o.maxMessageBytes,
  });
  return { cache, breaker, failures, gone, touches, counters, delivery };
}

function logBreakerState(o: ResolvedOptions, state: BreakerState): void {
  if (state === 'open') o.logger.warn('Management API circuit opened', { resetTimeoutMs: o.breaker.resetTimeoutMs });
  else o.logger.info(`Management API circuit ${state}`);
}
