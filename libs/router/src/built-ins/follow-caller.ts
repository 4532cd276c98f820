// A reconnecting client takes its pending requests along: a `status` (or an idempotent re-send of
// the same id) from another socket of the same user moves the request there, so the processor sends
// the remaining progress and the result to the socket that asked.
import { ConditionConflictError, type ConnectionRecord, type RequestRecord, type RequestStore, TERMINAL_STATUSES } from '@streamer/store';

/**
 * The request, attached to the calling connection when it is still pending and lives elsewhere. A
 * request that settled meanwhile (the conditional write lost) is re-read and returned as it is now.
 * The caller must already own the request (same user and tenant).
 */
export async function followCaller(requests: RequestStore, request: RequestRecord, connection: ConnectionRecord): Promise<RequestRecord> {
  if (TERMINAL_STATUSES.includes(request.status) || request.connectionId === connection.connectionId) return request;
  try {
    return await requests.reattach(request.requestId, connection.connectionId, connection.userId);
  } catch (err) {
    if (!(err instanceof ConditionConflictError)) throw err;
    return (await requests.get(request.requestId)) ?? request;
  }
}
