import type { ConnectionRecord, RequestRecord, RequestStore } from '@streamer/store';
import { NotFoundError } from '../errors';

/**
 * The caller's own request: same user and same tenant as the stored connection. Anyone else's
 * request is `NOT_FOUND`, exactly like a missing one, so ids cannot be probed.
 */
export async function findOwnRequest(
  requests: RequestStore,
  requestId: string,
  connection: ConnectionRecord,
): Promise<RequestRecord> {
  const request = await requests.get(requestId);
  if (request === undefined || !ownedBy(request, connection)) throw new NotFoundError();
  return request;
}

function ownedBy(request: RequestRecord, connection: ConnectionRecord): boolean {
  return request.userId === connection.userId && request.tenantId === connection.tenantId;
}
