// Step 4: the sending connection, as stored by `$connect`. User and tenant come from here only.
import type { ConnectionRecord, ConnectionStore } from '@streamer/store';
import { ForbiddenError, UnauthorizedError } from '../errors';

/** The stored, CONNECTED connection; `UNAUTHORIZED` when unknown, `FORBIDDEN` when marked disconnected. */
export async function lookupConnection(connections: ConnectionStore, connectionId: string): Promise<ConnectionRecord> {
  const connection = await connections.get(connectionId);
  if (connection === undefined) throw new UnauthorizedError();
  if (connection.status !== 'CONNECTED') throw new ForbiddenError();
  return connection;
}
