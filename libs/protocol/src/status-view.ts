import { isErrorCode } from './codes';
import { isJsonObject, own } from './json-guards';
import { REQUEST_STATUSES, type RequestStatusView, type WireError } from './server-messages';

/** True when `value` is a well-formed `WireError`. */
export function isWireError(value: unknown): value is WireError {
  if (!isJsonObject(value)) return false;
  const retryAfterMs = own(value, 'retryAfterMs');
  return (
    isErrorCode(own(value, 'code')) &&
    typeof own(value, 'message') === 'string' &&
    typeof own(value, 'retryable') === 'boolean' &&
    (retryAfterMs === undefined || (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0))
  );
}

/** True for a finite number in [0, 1]. */
export function isProgressValue(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

/** True when `value` (the `data` of a `status` reply) is a well-formed `RequestStatusView`. */
export function isRequestStatusView(value: unknown): value is RequestStatusView {
  if (!isJsonObject(value)) return false;
  const message = own(value, 'progressMessage');
  const error = own(value, 'error');
  return (
    typeof own(value, 'requestId') === 'string' &&
    (REQUEST_STATUSES as readonly unknown[]).includes(own(value, 'status')) &&
    isProgressValue(own(value, 'progress')) &&
    (message === undefined || typeof message === 'string') &&
    (error === undefined || isWireError(error))
  );
}
