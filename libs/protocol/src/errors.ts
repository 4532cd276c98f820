import { type ErrorCode, ERROR_CODES } from './codes';
import type { ParseReason } from './reasons';
import type { WireError } from './server-messages';

/** Options shared by every protocol error. */
export interface ProtocolErrorOptions {
  cause?: unknown;
  /** Overrides the code's default retryability. */
  retryable?: boolean;
  /** Whether `message` may be shown to a client (otherwise the code's generic message is sent). */
  expose?: boolean;
}

/** Base class of every error raised by @streamer/protocol. */
export class ProtocolError extends Error {
  override readonly name: string = 'ProtocolError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly expose: boolean;

  constructor(code: ErrorCode, message: string, options: ProtocolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? ERROR_CODES[code].retryable;
    this.expose = options.expose ?? code !== 'INTERNAL_ERROR';
  }

  /** The wire view of this error (no stack, no cause). */
  toJSON(): WireError & { name: string } {
    return { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
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

/** An outgoing message larger than `MAX_MESSAGE_BYTES` (measured in UTF-8 bytes). */
export class FrameTooLargeError extends ProtocolError {
  override readonly name = 'FrameTooLargeError';
  readonly bytes: number;
  readonly limit: number;

  constructor(bytes: number, limit: number) {
    super('INVALID_REQUEST', `Frame is ${bytes} bytes; the limit is ${limit} bytes`, { retryable: false, expose: true });
    this.bytes = bytes;
    this.limit = limit;
  }

  override toJSON(): WireError & { name: string; bytes: number; limit: number } {
    return { ...super.toJSON(), bytes: this.bytes, limit: this.limit };
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
