// The write actions on one connection. Unknown id → 404.
// - update_connection_status {connectionId, status} → the updated connection.
// - disconnect_connection {connectionId} → {connectionId, closed}: marks the connection DISCONNECTED,
//   drops its subscriptions and closes the socket through the management API. `closed` is false when
//   the gateway says the socket was already gone (410). Any other gateway failure is an internal
//   error; the call can simply be repeated (every step is idempotent).
import { ItemNotFoundError } from '@streamer/store';
import type { ResolvedDeps } from '../deps';
import { connectionView, notFound, ok } from '../responses';
import { actionEvent, idField, statusField } from '../validation';
import { defineAction } from './action';

export const updateConnectionStatus = defineAction(
  'update_connection_status',
  actionEvent('update_connection_status', { connectionId: idField('connectionId'), status: statusField }),
  async ({ connectionId, status }, { connections }) => {
    try {
      return ok(connectionView(await connections.updateStatus(connectionId, status)));
    } catch (error) {
      if (error instanceof ItemNotFoundError) return notFound(`connection ${connectionId} not found`);
      throw error;
    }
  },
);

export const disconnectConnection = defineAction(
  'disconnect_connection',
  actionEvent('disconnect_connection', { connectionId: idField('connectionId') }),
  async ({ connectionId }, deps) => {
    const { connection } = await deps.lifecycle.retire(connectionId, { at: deps.clock.now() });
    if (connection === undefined) {
      return notFound(`connection ${connectionId} not found`);
    }
    return ok({ connectionId, closed: await closeSocket(deps, connectionId) });
  },
);

async function closeSocket({ gateway, isGone }: ResolvedDeps, connectionId: string): Promise<boolean> {
  try {
    await gateway.delete(connectionId);
    return true;
  } catch (error) {
    if (isGone(error)) return false;
    throw error;
  }
}
