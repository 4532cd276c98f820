// Keeps `lastActiveAt` fresh so the stale-connection cleanup leaves active sockets alone. Written at
// most once per interval per connection; a failure is logged and never changes the reply.
import type { ConnectionRecord, ConnectionStore } from '@streamer/store';
import type { RouterLogger } from '../logger';

export async function touchIfIdle(
  connections: ConnectionStore,
  connection: ConnectionRecord,
  now: number,
  intervalMs: number,
  logger: RouterLogger,
): Promise<void> {
  if (now - connection.lastActiveAt < intervalMs) return;
  try {
    await connections.touch(connection.connectionId, now);
  } catch (err) {
    logger.warn('router: could not refresh lastActiveAt', { connectionId: connection.connectionId, error: err });
  }
}
