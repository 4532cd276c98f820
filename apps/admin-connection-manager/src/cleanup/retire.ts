// Retiring a connection the way $disconnect does: DISCONNECTED with the short audit TTL, and its
// topic subscriptions dropped so broadcasts stop looking for it.
import type { ResolvedDeps } from '../deps';

type RetireDeps = Pick<ResolvedDeps, 'connections' | 'subscriptions'>;

/** Returns false when the connection is unknown. */
export async function retireConnection(deps: RetireDeps, connectionId: string, at: number): Promise<boolean> {
  const record = await deps.connections.markDisconnected(connectionId, { at });
  if (record === undefined) return false;
  await deps.subscriptions.removeAllForConnection(connectionId);
  return true;
}
