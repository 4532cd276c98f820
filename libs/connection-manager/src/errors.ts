// The connection manager's error family. Every error it throws (gateway errors included) is a
// ConnectionError with a stable `code`, a `retryable` flag, typed context and a `toJSON()`;
// isConnectionGone tells a caller that the client left.

/** Stable codes of the errors this library throws. */
export type ConnectionErrorCode =
  | 'CONNECTION_NOT_FOUND'
  | 'CONNECTION_STALE'
  | 'INVALID_MESSAGE'
  | 'BROADCAST_PARTIAL_FAILURE'
  | 'CIRCUIT_OPEN'
  | 'SHUTTING_DOWN'
  | 'GATEWAY_ERROR';

export interface ConnectionErrorOptions {
  cause?: unknown;
  connectionId?: string;
}

/** JSON view of a ConnectionError: no stack, no cause. */
export interface ConnectionErrorJson {
  name: string;
  code: ConnectionErrorCode;
  message: string;
  retryable: boolean;
  connectionId?: string;
  [key: string]: unknown;
}

/** Base class of every error thrown by @streamer/connection-manager. */
export abstract class ConnectionError extends Error {
  abstract override readonly name: string;
  abstract readonly code: ConnectionErrorCode;
  /** True when the same call may succeed if tried again later. */
  abstract readonly retryable: boolean;
  readonly connectionId: string | undefined;

  protected constructor(message: string, options: ConnectionErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.connectionId = options.connectionId;
  }

  toJSON(): ConnectionErrorJson {
    const json: ConnectionErrorJson = { name: this.name, code: this.code, message: this.message, retryable: this.retryable };
    if (this.connectionId !== undefined) json.connectionId = this.connectionId;
    return { ...json, ...this.context() };
  }

  /** Extra typed fields for `toJSON()`. */
  protected context(): Record<string, unknown> {
    return {};
  }
}

/** The connection is not in the store, or the store already records it as disconnected. */
export class ConnectionNotFoundError extends ConnectionError {
  readonly name = 'ConnectionNotFoundError';
  readonly code = 'CONNECTION_NOT_FOUND';
  readonly retryable = false;

  constructor(connectionId: string, options: Omit<ConnectionErrorOptions, 'connectionId'> = {}) {
    super(`Connection ${connectionId} not found`, { ...options, connectionId });
  }
}

/** API Gateway answered 410 Gone: the socket is closed and the connection has been marked gone. */
export class ConnectionStaleError extends ConnectionError {
  readonly name = 'ConnectionStaleError';
  readonly code = 'CONNECTION_STALE';
  readonly retryable = false;

  constructor(connectionId: string, options: Omit<ConnectionErrorOptions, 'connectionId'> = {}) {
    super(`Connection ${connectionId} is gone (410); it has been marked disconnected`, { ...options, connectionId });
  }
}

/** Shuts the door on new work once `shutdown()` has been called. */
export class ShutdownError extends ConnectionError {
  readonly name = 'ShutdownError';
  readonly code = 'SHUTTING_DOWN';
  readonly retryable = false;

  constructor(operation: string, options: ConnectionErrorOptions = {}) {
    super(`Connection manager is shutting down; ${operation} refused`, options);
  }
}

export type UnsendableMessageReason = 'too-large' | 'unserialisable' | 'rejected-by-gateway';

/** The message cannot be sent: not JSON-serialisable, over the size limit, or refused by the gateway (413). */
export class UnsendableMessageError extends ConnectionError {
  readonly name = 'UnsendableMessageError';
  readonly code = 'INVALID_MESSAGE';
  readonly retryable = false;
  readonly reason: UnsendableMessageReason;
  /** UTF-8 size of the serialised message, when known. */
  readonly bytes: number | undefined;
  readonly limitBytes: number;

  constructor(
    message: string,
    details: { reason: UnsendableMessageReason; bytes?: number; limitBytes: number },
    options: ConnectionErrorOptions = {},
  ) {
    super(message, options);
    this.reason = details.reason;
    this.bytes = details.bytes;
    this.limitBytes = details.limitBytes;
  }

  protected override context(): Record<string, unknown> {
    return { reason: this.reason, bytes: this.bytes, limitBytes: this.limitBytes };
  }
}

export type CircuitScope = 'gateway' | 'connection';

/**
 * A circuit is open: the gateway as a whole (sustained 5xx/timeouts) or one connection that keeps
 * failing. Nothing was sent. Retry after `retryAfterMs`.
 */
export class CircuitOpenError extends ConnectionError {
  readonly name = 'CircuitOpenError';
  readonly code = 'CIRCUIT_OPEN';
  readonly retryable = true;
  readonly scope: CircuitScope;
  readonly retryAfterMs: number | undefined;

  constructor(scope: CircuitScope, options: ConnectionErrorOptions & { retryAfterMs?: number } = {}) {
    const subject = scope === 'gateway' ? 'the management API' : `connection ${options.connectionId ?? ''}`.trim();
    super(`Circuit open for ${subject}; not sending`, options);
    this.scope = scope;
    this.retryAfterMs = options.retryAfterMs;
  }

  protected override context(): Record<string, unknown> {
    return { scope: this.scope, retryAfterMs: this.retryAfterMs };
  }
}

export type GatewayErrorKind =
  | 'gone'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'payload-too-large'
  | 'forbidden'
  | 'client';

const RETRYABLE_KINDS: ReadonlySet<GatewayErrorKind> = new Set(['throttled', 'server', 'network', 'timeout']);
/** Kinds that count against the gateway circuit breaker (the endpoint itself is unhealthy). */
const BREAKER_KINDS: ReadonlySet<GatewayErrorKind> = new Set(['server', 'network', 'timeout']);

export interface GatewayErrorDetails {
  kind: GatewayErrorKind;
  /** HTTP status, when the gateway answered. */
  status?: number;
  /** Service error type, e.g. GoneException, when known. */
  errorType?: string;
  operation?: GatewayOperation;
}

export type GatewayOperation = 'post' | 'get' | 'delete';

/** A call to the API Gateway management API failed. `kind` says how; `retryable` says whether to try again. */
export class GatewayError extends ConnectionError {
  readonly name = 'GatewayError';
  readonly code = 'GATEWAY_ERROR';
  readonly kind: GatewayErrorKind;
  readonly status: number | undefined;
  readonly errorType: string | undefined;
  readonly operation: GatewayOperation | undefined;

  constructor(message: string, details: GatewayErrorDetails, options: ConnectionErrorOptions = {}) {
    super(message, options);
    this.kind = details.kind;
    this.status = details.status;
    this.errorType = details.errorType;
    this.operation = details.operation;
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }

  protected override context(): Record<string, unknown> {
    return { kind: this.kind, status: this.status, errorType: this.errorType, operation: this.operation };
  }
}

/** True for gateway errors that mean the endpoint is unhealthy (5xx, network, timeout). */
export function countsAgainstBreaker(error: unknown): boolean {
  return error instanceof GatewayError && BREAKER_KINDS.has(error.kind);
}

/** True for errors meaning "this connection no longer exists": stale (410), not found, or a gone gateway answer. */
export function isConnectionGone(error: unknown): boolean {
  if (error instanceof ConnectionStaleError || error instanceof ConnectionNotFoundError) return true;
  return error instanceof GatewayError && error.kind === 'gone';
}
