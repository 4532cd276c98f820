/** Wire error codes a handler may choose for a failure it reports on purpose. */
export type HandlerErrorCode = 'INVALID_REQUEST' | 'FORBIDDEN' | 'NOT_FOUND' | 'INTERNAL_ERROR' | 'TIMEOUT';

export interface HandlerErrorOptions {
  cause?: unknown;
  code?: HandlerErrorCode;
}

/**
 * Base of the errors handlers throw on purpose. Their message is meant for the client.
 *
 * It has the wire-error shape of `@streamer/protocol` (`WireErrorSource`: `code`, `message`,
 * `retryable`, `expose`, `toJSON()`), so `errorFrom(id, err)` answers it like any protocol error. The
 * shape is shared structurally — this lib depends on the kernel only — and the router's
 * `wire-errors.spec.ts` holds it to that interface. `toJSON()` is also what the processor stores.
 */
export class HandlerError extends Error {
  override readonly name: string = 'HandlerError';
  readonly code: HandlerErrorCode;
  readonly retryable: boolean;
  /** Handler errors are written for the client, so their message crosses the wire. */
  readonly expose = true;

  constructor(message: string, retryable: boolean, options: HandlerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code ?? 'INTERNAL_ERROR';
    this.retryable = retryable;
  }

  toJSON(): { code: HandlerErrorCode; message: string; retryable: boolean } {
    return { code: this.code, message: this.message, retryable: this.retryable };
  }
}

/** A transient failure: the request is retried later, up to the configured maximum. */
export class RetryableError extends HandlerError {
  override readonly name = 'RetryableError';

  constructor(message: string, options: HandlerErrorOptions = {}) {
    super(message, true, options);
  }
}

/** A permanent failure: the request fails at once and is not retried. */
export class FatalError extends HandlerError {
  override readonly name = 'FatalError';

  constructor(message: string, options: HandlerErrorOptions = {}) {
    super(message, false, options);
  }
}

/** Registration mistakes (duplicate action, handler without process functions, bad name). */
export class HandlerRegistrationError extends Error {
  override readonly name = 'HandlerRegistrationError';
}
