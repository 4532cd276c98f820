// $disconnect: retire the connection through the store's lifecycle (DISCONNECTED, kept briefly for
// audit, and its subscriptions dropped). Idempotent (an unknown or already disconnected id is fine);
// always 200, failures are logged. Requests of the connection are left alone: their results wait
// for `status` from a new socket. Metrics: `Disconnects` (by `known`: whether the connection was
// stored) and `DisconnectErrors`; one outcome line with the duration.
import { type Clock, type Logger, type Metrics, silentMetrics, systemClock } from '@streamer/kernel';
import type { ConnectionLifecycle } from '@streamer/store';
import type { Context } from 'aws-lambda';
import type { DisconnectEvent, DisconnectResult } from './event';

export interface DisconnectDeps {
  /** Built with the DISCONNECTED_TTL audit period (`disconnectedTtlSeconds`). */
  lifecycle: Pick<ConnectionLifecycle, 'retire'>;
  logger: Logger;
  /** Default: none. */
  metrics?: Metrics;
  /** Default: the system clock. */
  clock?: Clock;
}

/** The Lambda context is optional: the handler itself never reads it (the telemetry wrapper does). */
export type DisconnectHandler = (event: DisconnectEvent, context?: Context) => Promise<DisconnectResult>;

export function createDisconnectHandler(deps: DisconnectDeps): DisconnectHandler {
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics ?? silentMetrics;
  return async (event) => {
    const { connectionId, disconnectStatusCode, disconnectReason } = event.requestContext;
    const fields = { connectionId, action: '$disconnect', disconnectStatusCode, disconnectReason };
    const started = clock.now();
    try {
      const { connection, subscriptionsRemoved } = await deps.lifecycle.retire(connectionId, { at: started });
      metrics.count('Disconnects', 1, { known: String(connection !== undefined) });
      const tenant = connection ? { tenantId: connection.tenantId } : {};
      deps.logger.info('disconnect: connection closed', { ...fields, ...tenant, known: connection !== undefined, subscriptionsRemoved, durationMs: clock.now() - started });
    } catch (error) {
      metrics.count('DisconnectErrors');
      deps.logger.error('disconnect: could not retire the connection', { ...fields, error, durationMs: clock.now() - started });
    }
    return { statusCode: 200 };
  };
}
