import { isErrorCode, type RequestStatusView, type WireError } from '@streamer/protocol';
import type { RequestRecord, StoredError } from '@streamer/store';

/** The client's view of a stored request (the `data` of a `status` result). */
export function statusView(request: RequestRecord): RequestStatusView {
  const view: RequestStatusView = { requestId: request.requestId, status: request.status, progress: request.progress };
  if (request.progressMessage !== undefined) view.progressMessage = request.progressMessage;
  if (request.result !== undefined) view.result = request.result;
  if (request.error !== undefined) view.error = wireError(request.error);
  return view;
}

/** A stored error as sent on the wire; an unknown code reads as `INTERNAL_ERROR`. */
export function wireError(stored: StoredError): WireError {
  if (isErrorCode(stored.code)) return { code: stored.code, message: stored.message, retryable: stored.retryable };
  return { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: stored.retryable };
}
