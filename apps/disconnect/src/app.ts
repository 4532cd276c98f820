// $disconnect: mark the connection DISCONNECTED (kept briefly for audit) and drop its subscriptions.
// Idempotent (an unknown or already disconnected id is fine); always 200, failures are logged.
// Requests of the connection are left alone: their results wait for `status` from a new socket.
import type { Logger } from '@aws-lambda-powertools/logger';
import type { ConnectionStore, SubscriptionStore } from '@streamer/store';
import type { DisconnectEvent, DisconnectResult } from './event';

export type DisconnectLogger = Pick<Logger, 'info' | 'warn' | 'error'>;

export interface DisconnectDeps {
  connections: Pick<ConnectionStore, 'markDisconnected'>;
  subscriptions: Pick<SubscriptionStore, 'removeAllForConnection'>;
  logger: DisconnectLogger;
  /** How long the disconnected record stays (DynamoDB TTL). */
  disconnectedTtlMs: number;
  /** Epoch milliseconds; default Date.now. */
  clock?: () => number;
}

export type DisconnectHandler = (event: DisconnectEvent) => Promise<DisconnectResult>;

export function createDisconnectHandler(deps: DisconnectDeps): DisconnectHandler {
  const clock = deps.clock ?? Date.now;
  return async (event) => {
    const { connectionId, disconnectStatusCode, disconnectReason } = event.requestContext;
    const at = clock();
    const ttl = Math.floor((at + deps.disconnectedTtlMs) / 1000);
    const [marked, dropped] = await Promise.allSettled([
      deps.connections.markDisconnected(connectionId, { at, ttl }),
      deps.subscriptions.removeAllForConnection(connectionId),
    ]);
    const fields = { connectionId, disconnectStatusCode, disconnectReason };
    if (marked.status === 'rejected') deps.logger.error('disconnect: could not mark the connection', { ...fields, error: marked.reason });
    if (dropped.status === 'rejected') deps.logger.error('disconnect: could not drop subscriptions', { ...fields, error: dropped.reason });
    if (marked.status === 'fulfilled' && dropped.status === 'fulfilled') {
      deps.logger.info('disconnect: connection closed', { ...fields, known: marked.value !== undefined, subscriptionsRemoved: dropped.value });
    }
    return { statusCode: 200 };
  };
}
