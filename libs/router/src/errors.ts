// The router's error family. Every rejection the router answers with is a RouterError — a
// ProtocolError, so it has the one wire-error shape — and `errorFrom(id, err)` turns it into the reply.
import { type ErrorCode, genericMessage, ProtocolError, type ProtocolErrorOptions } from '@streamer/protocol';

export type RouterErrorOptions = Pick<ProtocolErrorOptions, 'cause' | 'retryAfterMs'>;

/**
 * Base class of every error thrown by @streamer/router. Code, `retryable`, `expose` (every code but
 * `INTERNAL_ERROR`), `retryAfterMs` and `toJSON()` come from `ProtocolError`; the router's wire view
 * also hides unexposed messages behind the code's generic one.
 */
export class RouterError extends ProtocolError {
  override readonly name: string = 'RouterError';

  constructor(code: ErrorCode, message: string, options: RouterErrorOptions = {}) {
    super(code, message, { cause: options.cause, retryAfterMs: options.retryAfterMs });
  }

  protected override wireMessage(): string {
    return this.expose ? this.message : genericMessage(this.code);
  }
}

/** The frame or its payload is not acceptable (size, JSON, shape, unknown action, schema issues). */
export class InvalidRequestError extends RouterError {
  override readonly name = 'InvalidRequestError';
  /** Schema issues as `path: message`, when the payload failed validation. */
  readonly issues: readonly string[];

  constructor(message: string, options: RouterErrorOptions & { issues?: readonly string[] } = {}) {
    super('INVALID_REQUEST', message, options);
    this.issues = options.issues ?? [];
  }
}

/** The sending connection is not registered (no successful `$connect`). */
export class UnauthorizedError extends RouterError {
  override readonly name = 'UnauthorizedError';

  constructor(message = 'Connection is not authenticated; reconnect with a valid token') {
    super('UNAUTHORIZED', message);
  }
}

/**
 * The token the connection was opened with is no longer accepted (`tokenExpiresAt` passed): the
 * `UNAUTHORIZED` reply is sent, then the router closes the socket.
 */
export class TokenExpiredError extends RouterError {
  override readonly name = 'TokenExpiredError';

  constructor() {
    super('UNAUTHORIZED', 'Token expired; reconnect with a fresh token');
  }
}

/** The sending connection is known but no longer allowed to send (marked disconnected). */
export class ForbiddenError extends RouterError {
  override readonly name = 'ForbiddenError';

  constructor(message = 'Connection is closed; reconnect to continue') {
    super('FORBIDDEN', message);
  }
}

/** The addressed request does not exist or belongs to someone else (indistinguishable on purpose). */
export class NotFoundError extends RouterError {
  override readonly name = 'NotFoundError';

  constructor(message = 'Request not found') {
    super('NOT_FOUND', message);
  }
}

/** The connection's token bucket is empty. */
export class RateLimitedError extends RouterError {
  override readonly name = 'RateLimitedError';

  constructor(retryAfterMs: number) {
    super('RATE_LIMITED', `Too many requests; retry in ${retryAfterMs} ms`, { retryAfterMs });
  }
}

/** A sync handler did not answer within its budget (`TIMEOUT`). */
export class SyncDeadlineError extends RouterError {
  override readonly name = 'SyncDeadlineError';
  readonly budgetMs: number;

  constructor(budgetMs: number) {
    super('TIMEOUT', `Request timed out after ${budgetMs} ms`);
    this.budgetMs = budgetMs;
  }
}

/** `createRouter` was given options it cannot work with. Thrown at start-up, never on the wire. */
export class RouterConfigError extends RouterError {
  override readonly name = 'RouterConfigError';
  readonly option: string;

  constructor(option: string, message: string) {
    super('INTERNAL_ERROR', `${option} ${message}`);
    this.option = option;
  }
}
