import { type ErrorCode, type WireError, ERROR_CODES, isErrorCode } from '@streamer/protocol';

/**
 * Codes only the client raises: the connection failed, the client is closed, a request cannot be sent
 * as frames, or the pieces of a large result did not make the result they announced.
 */
export const CLIENT_ERROR_CODES = {
  CONNECTION_FAILED: { retryable: true, message: 'Could not connect to the server' },
  CLOSED: { retryable: false, message: 'The client is closed' },
  FRAME_TOO_LARGE: { retryable: false, message: 'The request needs more than one WebSocket frame and this WebSocket cannot fragment' },
  RESULT_CORRUPT: { retryable: false, message: 'The result chunks do not make the announced result (count, size or checksum)' },
} as const;

/** A client-only error code. */
export type ClientErrorCode = keyof typeof CLIENT_ERROR_CODES;

/** Every code a `StreamerError` can carry: the protocol's codes plus the client's own. */
export type StreamerErrorCode = ErrorCode | ClientErrorCode;

/** Options of a `StreamerError`. */
export interface StreamerErrorOptions {
  /** Overrides the code's default retryability. */
  retryable?: boolean;
  /** Server-assigned id of the request this error is about, when it was acknowledged. */
  requestId?: string;
  /** For `RATE_LIMITED`: how long the server asks to wait, in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

/** The JSON form of a `StreamerError`. */
export interface StreamerErrorJSON {
  name: 'StreamerError';
  code: StreamerErrorCode;
  message: string;
  retryable: boolean;
  requestId?: string;
  retryAfterMs?: number;
}

function defaults(code: StreamerErrorCode): { retryable: boolean; message: string } {
  return isErrorCode(code) ? ERROR_CODES[code] : CLIENT_ERROR_CODES[code];
}

/** The one error type the client rejects with. Branch on `code`, never on `message`. */
export class StreamerError extends Error {
  override readonly name = 'StreamerError';
  readonly code: StreamerErrorCode;
  readonly retryable: boolean;
  readonly requestId?: string;
  readonly retryAfterMs?: number;

  constructor(code: StreamerErrorCode, message?: string, options: StreamerErrorOptions = {}) {
    super(message ?? defaults(code).message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? defaults(code).retryable;
    if (options.requestId !== undefined) this.requestId = options.requestId;
    if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
  }

  /** The error a server `error` reply (or a failed request's stored state) describes. */
  static fromWire(error: WireError, requestId?: string): StreamerError {
    const code: ErrorCode = isErrorCode(error.code) ? error.code : 'INTERNAL_ERROR';
    return new StreamerError(code, error.message, {
      retryable: error.retryable,
      requestId,
      retryAfterMs: error.retryAfterMs,
    });
  }

  toJSON(): StreamerErrorJSON {
    const json: StreamerErrorJSON = { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
    if (this.requestId !== undefined) json.requestId = this.requestId;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    return json;
  }
}

/** True when `value` is a `StreamerError` (optionally with one of `codes`). */
export function isStreamerError(value: unknown, ...codes: StreamerErrorCode[]): value is StreamerError {
  return value instanceof StreamerError && (codes.length === 0 || codes.includes(value.code));
}
