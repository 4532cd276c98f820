// disconnect_connection {connectionId} → {connectionId, closed}: marks the connection DISCONNECTED,
// drops its subscriptions and closes the socket through the management API. `closed` is false when
// the gateway says the socket was already gone (410). Unknown id → 404. Any other gateway failure is
// an internal error; the call can simply be repeated (every step is idempotent).
import type { ResolvedDeps } from '../deps';
import { notFound, ok } from '../responses';
import { actionEvent, idField } from '../validation';
import { defineAction } from './action';

export const disconnectConnection = defineAction(
  'disconnect_connection',
  actionEvent('disconnect_connection', { connectionId: idField('connectionId') }),
  async ({ connectionId }, deps) => {
    const { connection } = await deps.lifecycle.retire(connectionId, { at: deps.clock() });
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
