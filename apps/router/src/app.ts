// $default: builds the router over the connection manager and answers every frame through it.
// Pure composition: everything comes in through `deps`, so tests run it with fakes.
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
import type { Logger } from '@streamer/kernel';
import { createRouter, type Router, type RouterOptions } from '@streamer/router';
import type { Stores } from '@streamer/store';
import type { RouterContext, RouterEvent, RouterResult } from './event';

export interface RouterAppDeps {
  registry: Pick<HandlerRegistry, 'get'>;
  stores: Stores;
  gateway: GatewayPort;
  logger: Logger;
  /** rateLimit, syncTimeoutMs, requestTtlMs, clock, ids, … */
  router?: Partial<Omit<RouterOptions, 'registry' | 'stores' | 'sender' | 'publisher' | 'logger'>>;
  /** How long topic events that handlers publish are kept for replay (EVENT_RETENTION); default 24 h. */
  eventRetentionSeconds?: number;
  /** Retry, breaker and clock settings of the connection manager. */
  manager?: Partial<Omit<ConnectionManagerOptions, 'gateway' | 'connections' | 'subscriptions' | 'logger'>>;
}

export type RouterHandler = (event: RouterEvent, context?: RouterContext) => Promise<RouterResult>;

export function createRouterHandler(deps: RouterAppDeps): RouterHandler {
  const { router, manager } = buildRouter(deps);
  return async (event, context) => {
    const { connectionId } = event.requestContext;
    try {
      const remaining = context ? { remainingTimeMs: context.getRemainingTimeInMillis() } : {};
      await router.route({ connectionId, body: event.body, isBase64Encoded: event.isBase64Encoded, ...remaining });
    } catch (error) {
      deps.logger.error('router: frame could not be handled', { connectionId, error });
    } finally {
      // Lambda freezes the environment once the handler returns: settle (or drop and count) the
      // manager's background cleanups before that.
      await manager.flush(context ? { invocation: context } : {});
    }
    return { statusCode: 200 };
  };
}

/** The router, sending through a connection manager over `deps.gateway`. */
function buildRouter(deps: RouterAppDeps): { router: Router; manager: ConnectionManager } {
  const { stores, gateway, logger } = deps;
  const manager = createConnectionManager({
    gateway,
    connections: stores.connections,
    subscriptions: stores.subscriptions,
    logger,
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
