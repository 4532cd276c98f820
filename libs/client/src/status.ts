import { isRequestStatusView, type RequestStatusView } from '@streamer/protocol';
import { StreamerError } from './errors';

/** The parts of a pending request a stored state can drive. */
export interface StatusTarget {
  readonly requestId: string | undefined;
  reportProgress(progress: number, message: string | undefined): void;
  resolve(data: unknown): void;
  reject(error: StreamerError): void;
}

/** Whether the stored state settled the request, left it running, or could not be read. */
export type StatusOutcome = 'settled' | 'running' | 'unreadable';

function settleFrom(target: StatusTarget, view: RequestStatusView): void {
  if (view.status === 'completed') return target.resolve(view.result ?? null);
  if (view.status === 'cancelled') {
    return target.reject(new StreamerError('CANCELLED', 'The request was cancelled', { requestId: view.requestId }));
  }
  const error = view.error ?? { code: 'INTERNAL_ERROR', message: 'The request failed', retryable: true };
  target.reject(StreamerError.fromWire(error, view.requestId));
}

/**
 * Applies the `data` of a `status` reply: a terminal state (completed, failed, cancelled) settles the
 * request; a running one (queued, processing) reports its progress.
 */
export function applyStatusView(target: StatusTarget, data: unknown): StatusOutcome {
  if (!isRequestStatusView(data) || data.requestId !== target.requestId) return 'unreadable';
  if (data.status === 'queued' || data.status === 'processing') {
    target.reportProgress(data.progress, data.progressMessage);
    return 'running';
  }
  settleFrom(target, data);
  return 'settled';
}
