// $disconnect: retire the connection through the store's lifecycle (DISCONNECTED, kept briefly for
// audit, and its subscriptions dropped). Idempotent (an unknown or already disconnected id is fine);
// always 200, failures are logged. Requests of the connection are left alone: their results wait
// for `status` from a new socket.
import { type Clock, type Logger, systemClock } from '@streamer/kernel';
import type { ConnectionLifecycle } from '@streamer/store';
import type { DisconnectEvent, DisconnectResult } from './event';

export interface DisconnectDeps {
  /** Built with the DISCONNECTED_TTL audit period (`disconnectedTtlSeconds`). */
  lifecycle: Pick<ConnectionLifecycle, 'retire'>;
  logger: Logger;
  /** Default: the system clock. */
  clock?: Clock;
}

export type DisconnectHandler = (event: DisconnectEvent) => Promise<DisconnectResult>;

export function createDisconnectHandler(deps: DisconnectDeps): DisconnectHandler {
  const clock = deps.clock ?? systemClock;
  return async (event) => {
    const { connectionId, disconnectStatusCode, disconnectReason } = event.requestContext;
    const fields = { connectionId, disconnectStatusCode, disconnectReason };
    try {
      const { connection, subscriptionsRemoved } = await deps.lifecycle.retire(connectionId, { at: clock.now() });
      deps.logger.info('disconnect: connection closed', { ...fields, known: connection !== undefined, subscriptionsRemoved });
    } catch (error) {
      deps.logger.error('disconnect: could not retire the connection', { ...fields, error });
    }
    return { statusCode: 200 };
  };
}
