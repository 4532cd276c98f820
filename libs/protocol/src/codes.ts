/**
 * Error codes of the wire protocol and what a client may do about them.
 * `retryable: true` means the same request may succeed if sent again later.
 */
export const ERROR_CODES = {
  INVALID_REQUEST: { retryable: false, message: 'Invalid request' },
  UNAUTHORIZED: { retryable: false, message: 'Unauthorized' },
  FORBIDDEN: { retryable: false, message: 'Forbidden' },
  NOT_FOUND: { retryable: false, message: 'Not found' },
  RATE_LIMITED: { retryable: true, message: 'Too many requests' },
  TIMEOUT: { retryable: true, message: 'Request timed out' },
  INTERNAL_ERROR: { retryable: true, message: 'Internal error' },
  CANCELLED: { retryable: false, message: 'Request cancelled' },
} as const satisfies Record<string, { readonly retryable: boolean; readonly message: string }>;

/** One of the protocol's error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Every error code, in table order. */
export const ERROR_CODE_LIST: readonly ErrorCode[] = Object.freeze(Object.keys(ERROR_CODES) as ErrorCode[]);

/** True when `value` is one of the protocol's error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}

/** Whether a request that failed with `code` may be retried. */
export function isRetryable(code: ErrorCode): boolean {
  return ERROR_CODES[code].retryable;
}

/** The generic, client-safe message for `code` (used when the real message must not leak). */
export function genericMessage(code: ErrorCode): string {
  return ERROR_CODES[code].message;
}
