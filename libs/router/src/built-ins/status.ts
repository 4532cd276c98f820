// `status` {requestId}: the stored state of one of the caller's own requests, even from a new socket.
// A pending request asked about from another socket of its user follows the caller there.
import { result, type StatusMessage, type StatusResultMessage } from '@streamer/protocol';
import type { ConnectionRecord, RequestStore } from '@streamer/store';
import { followCaller } from './follow-caller';
import { findOwnRequest } from './own-request';
import { statusView } from './status-view';

export async function status(
  requests: RequestStore,
  message: StatusMessage,
  connection: ConnectionRecord,
): Promise<StatusResultMessage> {
  const request = await findOwnRequest(requests, message.payload.requestId, connection);
  return result(message.id, statusView(await followCaller(requests, request, connection)));
}
