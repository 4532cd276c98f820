// Wires the manager's parts from resolved options: one status cache, one gateway breaker, the
// per-connection failure LRU, the background cleanup and touch queues, counters and the delivery path.
import { ConnectionLifecycle } from '@streamer/store';
import { type BreakerState, GatewayBreaker } from './breaker';
import { GoneConnections } from './cleanup';
import { ConnectionFailures } from './connection-failures';
import { Delivery } from './delivery';
import { ManagerCounters } from './metrics';
import type { ResolvedOptions } from './options';
import { StatusCache } from './status-cache';
import { ActivityTouches } from './touch';

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
  const breaker = new GatewayBreaker(o.breaker, o.now, (state) => logBreakerState(o, state));
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
  const touches = new ActivityTouches(o.touch, lifecycle, o.now, o.logger);
  const counters = new ManagerCounters();
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
