// The router's error family. Every rejection the router answers with is a RouterError carrying a
// protocol error code; `errorFrom(id, err)` turns one into the `error` reply.
import { type ErrorCode, genericMessage, isRetryable, type WireError } from '@streamer/protocol';

export interface RouterErrorOptions {
  cause?: unknown;
  /** For `RATE_LIMITED`: how long to wait before retrying, in milliseconds. */
  retryAfterMs?: number;
}

/** Base class of every error thrown by @streamer/router. */
export class RouterError extends Error {
  override readonly name: string = 'RouterError';
  readonly code: ErrorCode;
  readonly retryable: boolean;
  /** Whether `message` may reach the client; `INTERNAL_ERROR` messages never do. */
  readonly expose: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(code: ErrorCode, message: string, options: RouterErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = isRetryable(code);
    this.expose = code !== 'INTERNAL_ERROR';
    this.retryAfterMs = options.retryAfterMs;
  }

  /** The wire view: what a client sees (no stack, no cause). */
  toJSON(): WireError & { name: string } {
    const message = this.expose ? this.message : genericMessage(this.code);
    const json = { name: this.name, code: this.code, message, retryable: this.retryable };
    return this.retryAfterMs === undefined ? json : { ...json, retryAfterMs: this.retryAfterMs };
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

/** A sync handler did not answer within its budget. */
export class DeadlineExceededError extends RouterError {
  override readonly name = 'DeadlineExceededError';
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
