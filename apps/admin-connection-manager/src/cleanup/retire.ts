// Retiring a connection the way $disconnect does: DISCONNECTED with the short audit TTL, and its
// topic subscriptions dropped so broadcasts stop looking for it.
import type { ResolvedDeps } from '../deps';

type RetireDeps = Pick<ResolvedDeps, 'connections' | 'subscriptions'>;

/**
 * Returns false when the connection is unknown or — with `ifInactiveSince` — was active at or after
 * that time (a frame arrived between the stale scan and this write): such a connection is left alone.
 */
export async function retireConnection(deps: RetireDeps, connectionId: string, at: number, ifInactiveSince?: number): Promise<boolean> {
  const options = ifInactiveSince === undefined ? { at } : { at, ifInactiveSince };
  const record = await deps.connections.markDisconnected(connectionId, options);
  if (record === undefined) return false;
  await deps.subscriptions.removeAllForConnection(connectionId);
  return true;
}
