// Wire errors: the protocol's error codes and `ProtocolError`, the base of every error that reaches the wire.
import type { WireError } from './messages';
import type { ParseReason } from './parse';

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
  /** The handler's result is larger than the deployment's ceiling (default 4 MB); sending it again cannot help. */
  RESULT_TOO_LARGE: { retryable: false, message: 'Result too large' },
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

/** Options shared by every wire error. */
export interface ProtocolErrorOptions {
  cause?: unknown;
  /** Overrides the code's default retryability. */
  retryable?: boolean;
  /** Whether `message` may be shown to a client (otherwise the code's generic message is sent). */
  expose?: boolean;
  /** For `RATE_LIMITED`: how long to wait before retrying, in milliseconds. */
  retryAfterMs?: number;
}

/**
 * The wire-error shape: what `errorFrom(id, err)` reads to write an `error` frame that keeps the
 * error's code. Every `ProtocolError` has it (the router's errors extend `ProtocolError`); a lib that
 * may not depend on this one (the handler API) implements it structurally.
 */
export interface WireErrorSource {
  readonly code: ErrorCode;
  readonly message: string;
  readonly retryable: boolean;
  /** Whether `message` may reach the client; otherwise the code's generic message is sent. */
  readonly expose: boolean;
  readonly retryAfterMs?: number | undefined;
  /** The wire view: no stack, no cause. */
  toJSON(): WireError;
}

/** Base class of every error that reaches the wire: the protocol's own and the router's. */
export class ProtocolError extends Error implements WireErrorSource {
  override readonly name: string = 'ProtocolError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly expose: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.expose = options.expose ?? code !== 'INTERNAL_ERROR';
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The wire view of this error (no stack, no cause; `retryAfterMs` only when set). */
  toJSON(): WireError & { name: string } {
    const json = { name: this.name, code: this.code, message: this.wireMessage(), retryable: this.retryable };
    return this.retryAfterMs === undefined ? json : { ...json, retryAfterMs: this.retryAfterMs };
  }

  /**
   * The message `toJSON()` carries: this error's own. A family whose unexposed messages must stay out
   * of the wire view too (the router's) answers `genericMessage(code)` for them.
   */
  protected wireMessage(): string {
    return this.message;
  }
}

/** A frame that is not a valid protocol message. `id` is the recovered correlation id, or null. */
export class InvalidMessageError<R extends ParseReason = ParseReason> extends ProtocolError {
  override readonly name = 'InvalidMessageError';
  declare readonly code: 'INVALID_REQUEST';
  readonly reason: R;
  readonly id: string | null;

  constructor(reason: R, message: string, id: string | null = null) {
    super('INVALID_REQUEST', message, { expose: true });
    this.reason = reason;
    this.id = id;
  }

  override toJSON(): WireError & { name: string; reason: R; id: string | null } {
    return { ...super.toJSON(), reason: this.reason, id: this.id };
  }
}

/** Something larger than its limit (in UTF-8 bytes): a message, or a handler's result. */
abstract class SizeLimitError extends ProtocolError {
  readonly bytes: number;
  readonly limit: number;

  constructor(code: ErrorCode, subject: string, bytes: number, limit: number) {
    super(code, `${subject} is ${bytes} bytes; the limit is ${limit} bytes`, { retryable: false, expose: true });
    this.bytes = bytes;
    this.limit = limit;
  }

  override toJSON(): WireError & { name: string; bytes: number; limit: number } {
    return { ...super.toJSON(), bytes: this.bytes, limit: this.limit };
  }
}

/** An outgoing message larger than `MAX_MESSAGE_BYTES` (measured in UTF-8 bytes). */
export class FrameTooLargeError extends SizeLimitError {
  override readonly name = 'FrameTooLargeError';

  constructor(bytes: number, limit: number) {
    super('INVALID_REQUEST', 'Frame', bytes, limit);
  }
}

/** A handler's result whose JSON is larger than the deployment's ceiling (`RESULT_TOO_LARGE`, never retryable). */
export class ResultTooLargeError extends SizeLimitError {
  override readonly name = 'ResultTooLargeError';

  constructor(bytes: number, limit: number) {
    super('RESULT_TOO_LARGE', 'Result', bytes, limit);
  }
}

/** A message that cannot be written as JSON (circular, BigInt, nested too deeply). */
export class SerializationError extends ProtocolError {
  override readonly name = 'SerializationError';

  constructor(message: string, options: { cause?: unknown } = {}) {
    super('INTERNAL_ERROR', message, { cause: options.cause, retryable: false, expose: false });
  }
}

/** A progress value outside [0, 1] or not a finite number. */
export class ProgressRangeError extends ProtocolError {
  override readonly name = 'ProgressRangeError';
  readonly value: unknown;

  constructor(value: unknown) {
    super('INTERNAL_ERROR', `Progress must be a finite number in [0, 1], got ${String(value)}`, {
      retryable: false,
      expose: false,
    });
    this.value = value;
  }
}
