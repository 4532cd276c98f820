// `cancel` {requestId}: queued|processing → cancelled for one of the caller's own requests.
// Whoever wins the conditional terminal transition sends the terminal message: when the router wins,
// the original request gets its one `CANCELLED` error (to its own socket, with its own client id).
import { type CancelMessage, error, genericMessage, type RequestStatus, result, type ResultMessage } from '@streamer/protocol';
import { ConditionConflictError, type ConnectionRecord, type RequestRecord, TERMINAL_STATUSES } from '@streamer/store';
import type { RouterDeps } from '../options';
import { findOwnRequest } from './own-request';

export interface CancelView {
  requestId: string;
  status: RequestStatus;
}

type CancelDeps = Pick<RouterDeps, 'stores' | 'sender' | 'logger'>;

export async function cancel(
  deps: CancelDeps,
  message: CancelMessage,
  connection: ConnectionRecord,
): Promise<ResultMessage<CancelView>> {
  const request = await findOwnRequest(deps.stores.requests, message.payload.requestId, connection);
  const status = TERMINAL_STATUSES.includes(request.status) ? request.status : await cancelRunning(deps, request);
  return result(message.id, { requestId: request.requestId, status });
}

/** Tries the transition; returns the status the request ends up in. */
async function cancelRunning(deps: CancelDeps, request: RequestRecord): Promise<RequestStatus> {
  try {
    const cancelled = await deps.stores.requests.cancel(request.requestId);
    await sendTerminal(deps, cancelled);
    return cancelled.status;
  } catch (err) {
    if (!(err instanceof ConditionConflictError)) throw err;
    return err.currentStatus ?? (await deps.stores.requests.get(request.requestId))?.status ?? request.status;
  }
}

async function sendTerminal(deps: CancelDeps, request: RequestRecord): Promise<void> {
  const terminal = error(request.clientId, 'CANCELLED', genericMessage('CANCELLED'));
  try {
    await deps.sender.send(request.connectionId, terminal);
  } catch (err) {
    deps.logger.info('router: cancelled request could not be told (socket gone?)', {
      requestId: request.requestId,
      connectionId: request.connectionId,
      error: err,
    });
  }
}
