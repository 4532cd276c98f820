// $default: builds the router over the connection manager and answers every frame through it.
// Pure composition: everything comes in through `deps`, so tests run it with fakes. Per frame:
// `RequestProcessed` by action and status (the reply type, or the error code), `ProcessingTime` by
// action, `RequestErrors` by code, and one outcome line (action, status, duration, delivered).
import {
  type ConnectionManager,
  createConnectionManager,
  type ConnectionManagerOptions,
  type GatewayPort,
  createPublisher,
  isConnectionGone,
  messageSenderFor,
} from '@streamer/connection-manager';
import type { HandlerRegistry } from '@streamer/handler-api';
import { type Logger, type Metrics, silentMetrics } from '@streamer/kernel';
import { createRouter, type Router, type RouterOptions } from '@streamer/router';
import type { Stores } from '@streamer/store';
import type { RouterContext, RouterEvent, RouterResult } from './event';

export interface RouterAppDeps {
  registry: Pick<HandlerRegistry, 'get'>;
  stores: Stores;
  gateway: GatewayPort;
  logger: Logger;
  /** Default: none. */
  metrics?: Metrics;
  /** Adds the frame's correlation ids to the invocation's later log lines (the Lambda telemetry's `correlate`). */
  correlate?: (fields: Record<string, string | null | undefined>) => void;
  /** rateLimit, syncTimeoutMs, requestTtlMs, clock, ids, … */
  router?: Partial<Omit<RouterOptions, 'registry' | 'stores' | 'sender' | 'publisher' | 'logger'>>;
  /** How long topic events that handlers publish are kept for replay (EVENT_RETENTION); default 24 h. */
  eventRetentionSeconds?: number;
  /** Retry, breaker and clock settings of the connection manager. */
  manager?: Partial<Omit<ConnectionManagerOptions, 'gateway' | 'connections' | 'subscriptions' | 'logger' | 'metrics'>>;
}

type RouteResult = Awaited<ReturnType<Router['route']>>;

export type RouterHandler = (event: RouterEvent, context?: RouterContext) => Promise<RouterResult>;

export function createRouterHandler(deps: RouterAppDeps): RouterHandler {
  const { router, manager } = buildRouter(deps);
  return async (event, context) => {
    const { connectionId } = event.requestContext;
    const started = performance.now();
    let outcome: RouteResult | undefined;
    try {
      const remaining = context ? { remainingTimeMs: context.getRemainingTimeInMillis() } : {};
      outcome = await router.route({ connectionId, body: event.body, isBase64Encoded: event.isBase64Encoded, ...remaining });
    } catch (error) {
      deps.logger.error('router: frame could not be handled', { connectionId, error });
    } finally {
      recordOutcome(deps, connectionId, outcome, performance.now() - started);
      // Lambda freezes the environment once the handler returns: settle (or drop and count) the
      // manager's background cleanups before that.
      await manager.flush(context ? { invocation: context } : {});
    }
    return { statusCode: 200 };
  };
}

/** The frame's metrics, correlation ids and outcome line. A frame that did not parse counts as action `unknown`. */
function recordOutcome(deps: RouterAppDeps, connectionId: string, outcome: RouteResult | undefined, durationMs: number): void {
  const metrics = deps.metrics ?? silentMetrics;
  const reply = outcome?.reply;
  const action = outcome?.action ?? 'unknown';
  const status = reply === undefined ? 'INTERNAL_ERROR' : reply.type === 'error' ? reply.error.code : reply.type;
  const requestId = reply && 'requestId' in reply ? reply.requestId : undefined;
  deps.correlate?.({ action, tenantId: outcome?.tenantId, requestId, id: reply && 'id' in reply ? reply.id : undefined });
  metrics.count('RequestProcessed', 1, { action, status });
  metrics.timing('ProcessingTime', durationMs, { action });
  if (reply?.type === 'error' || reply === undefined) metrics.count('RequestErrors', 1, { code: status });
  deps.logger.info('router: request outcome', { connectionId, action, status, delivered: outcome?.delivered ?? false, durationMs: Math.round(durationMs) });
}

/** The router, sending through a connection manager over `deps.gateway`. */
function buildRouter(deps: RouterAppDeps): { router: Router; manager: ConnectionManager } {
  const { stores, gateway, logger } = deps;
  const manager = createConnectionManager({
    gateway,
    connections: stores.connections,
    subscriptions: stores.subscriptions,
    logger,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    // The router refreshes lastActiveAt itself when a frame arrives.
    touch: { enabled: false },
    ...deps.manager,
  });
  const sender = messageSenderFor(manager);
  const retention = deps.eventRetentionSeconds === undefined ? {} : { retentionSeconds: deps.eventRetentionSeconds };
  const publisher = createPublisher({ manager, events: stores.events, connections: stores.connections, ...retention });
  const closeConnection = (connectionId: string) => closeSocket(gateway, connectionId);
  return { router: createRouter({ registry: deps.registry, stores, sender, publisher, closeConnection, logger, ...deps.router }), manager };
}

/** DELETE @connections/{id}: API Gateway closes the socket and runs $disconnect; a socket already gone (410) is fine. */
async function closeSocket(gateway: GatewayPort, connectionId: string): Promise<void> {
  try {
    await gateway.delete(connectionId);
  } catch (error) {
    if (!isConnectionGone(error)) throw error;
  }
}
