// The handler contract: what a handler is and sees, how the runtime picks sync or queued work, how a
// payload is validated, the errors a handler throws on purpose, the registry handlers are registered
// in, and the one outbound port (MessageSender) the router and the processor reach sockets through.
import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { Logger } from '@streamer/kernel';
import type { Continuation, ContinuationContext } from './continuation';

export type Payload = Record<string, unknown>;

/** What a handler sees of one client request. Tenant and user come from the verified connection. */
export interface HandlerRequest<P = Payload> {
  /** The client's correlation id. */
  id: string;
  /** Server-assigned id of this request (stored for async work). */
  requestId: string;
  action: string;
  payload: P;
  connectionId: string;
  userId: string;
  tenantId: string;
}

export interface HandlerContext {
  /**
   * Aborted when the request is cancelled or its deadline approaches. Stop soon after: the runtime
   * waits `stopGraceMs(deadlineMarginMs)` for the handler to stop before its invocation returns.
   */
  signal: AbortSignal;
  /** Epoch milliseconds by which the handler must have returned. */
  deadline: number;
  /** The runtime's logger (the kernel's `Logger` port: debug/info/warn/error). */
  logger: Logger;
  /**
   * Pushes `data` (any JSON value; the frame must fit the 128 KB message limit) inside the caller's
   * tenant — a handler can never reach another tenant. A `{topic}` event is stored for replay and gets
   * the topic's next `seq`; `{userId}`, `{connectionId}` and `{tenant: true}` pushes are ephemeral.
   * Resolves with what was delivered; a socket that fails is counted, not thrown.
   */
  publish(target: PublishTarget, data: unknown): Promise<PublishResult>;
}

/** The longest a runtime waits for a handler to stop after aborting its signal. */
const STOP_GRACE_MS = 1_000;

/**
 * How long the router and the processor wait for a handler to stop after aborting its signal (a
 * deadline or a cancel): at most 1 s and half the margin they keep before the Lambda deadline, so the
 * invocation still ends in time, with what the handler had in flight (a publish, a store write)
 * finished — once the invocation returns, Lambda freezes the environment
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
 */
export function stopGraceMs(deadlineMarginMs: number): number {
  return Math.min(STOP_GRACE_MS, deadlineMarginMs / 2);
}

// Publishing: what a handler (or the admin function, or an EventBridge event) pushes to sockets.

/** Where a push goes, always within one tenant (the caller's, for a handler). */
export type PublishTarget = { topic: string } | { userId: string } | { connectionId: string } | { tenant: true };

export interface PublishResult {
  /** Sockets the event reached. */
  sent: number;
  /** Sockets found gone (410) and cleaned up. */
  gone: number;
  /** Sockets the event could not reach for another reason (after retries). */
  failed: number;
  /** The event's `seq` in its topic (topic events only). */
  seq?: number;
}

/**
 * The publish port. The runtime binds `tenantId` (the caller's stored connection for a handler; the
 * validated input for the admin function); the apps wire its adapter (`createPublisher` in
 * @streamer/connection-manager). Tests use RecordingPublisher from ./testing.
 */
export interface Publisher {
  publish(tenantId: string, target: PublishTarget, data: unknown): Promise<PublishResult>;
}

export interface ProgressReporter {
  /** Reports progress in [0, 1]; values below the last reported one are ignored. */
  progress(value: number, message?: string): Promise<void>;
}

export interface AsyncHandlerContext extends HandlerContext, ContinuationContext {
  reporter: ProgressReporter;
  /** 1 on the first run, 2 on the first retry, … (counted afresh in each invocation of a continued job) */
  attempt: number;
}

/**
 * A registered action. `process` answers in the same invocation; `processAsync` runs queued, with progress.
 * With both, `shouldQueue(request)` decides per request (queued when absent).
 */
export interface Handler<P = Payload, R = unknown> {
  /** Standard Schema (zod, valibot, arktype…) validating the payload before anything runs. */
  schema?: StandardSchemaV1<unknown, P>;
  shouldQueue?(request: HandlerRequest<P>): boolean;
  process?(request: HandlerRequest<P>, context: HandlerContext): Promise<R> | R;
  /** Resolves with the result, or with `context.continueWith(state)` to go on in a new invocation. */
  processAsync?(request: HandlerRequest<P>, context: AsyncHandlerContext): Promise<R | Continuation>;
}

/** Whether a handler runs this request in the background. */
export function runsAsync<P>(handler: Handler<P>, request: HandlerRequest<P>): boolean {
  if (!handler.processAsync) return false;
  if (!handler.process) return true;
  return handler.shouldQueue ? handler.shouldQueue(request) : true;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** Runs a Standard Schema and flattens its issues into "path: message" strings. */
export async function validatePayload<T>(schema: StandardSchemaV1<unknown, T>, payload: unknown): Promise<Validation<T>> {
  const outcome = await schema['~standard'].validate(payload);
  if (!outcome.issues) return { ok: true, value: outcome.value };
  return { ok: false, issues: outcome.issues.map(describeIssue) };
}

function describeIssue(issue: StandardSchemaV1.Issue): string {
  const path = (issue.path ?? []).map((segment) => (typeof segment === 'object' ? segment.key : segment)).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

// Errors a handler throws on purpose.

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

// The registry.

/** Names the router answers itself; handlers cannot take them. */
export const BUILT_IN_ACTIONS = ['ping', 'subscribe', 'unsubscribe', 'status', 'cancel'] as const;

const ACTION_NAME = /^[A-Za-z0-9_.:-]{1,64}$/;

/** Action name → handler. Built once per cold start and shared by the router and the processor. */
export class HandlerRegistry {
  readonly #handlers = new Map<string, Handler<never>>();

  register<P, R>(action: string, handler: Handler<P, R>): this {
    if (!ACTION_NAME.test(action)) throw new HandlerRegistrationError(`Invalid action name "${action}"`);
    if ((BUILT_IN_ACTIONS as readonly string[]).includes(action)) {
      throw new HandlerRegistrationError(`"${action}" is a built-in action`);
    }
    if (this.#handlers.has(action)) throw new HandlerRegistrationError(`"${action}" is already registered`);
    if (!handler.process && !handler.processAsync) {
      throw new HandlerRegistrationError(`"${action}" needs process() or processAsync()`);
    }
    this.#handlers.set(action, handler as Handler<never>);
    return this;
  }

  get(action: string): Handler | undefined {
    return this.#handlers.get(action) as Handler | undefined;
  }

  has(action: string): boolean {
    return this.#handlers.has(action);
  }

  actions(): string[] {
    return [...this.#handlers.keys()];
  }
}

// The one outbound port: how the router and the processor reach a WebSocket. Both are feature libs
// and may not import the connection manager; the apps wire its adapter (`messageSenderFor` in
// @streamer/connection-manager) in here. Tests use RecordingMessageSender from ./testing.

/**
 * Sends one server message (a `ServerMessage` of `@streamer/protocol`, the type argument its users
 * give) to one connection.
 *
 * Resolves once the message reached the socket. Rejects when it did not; the error then has
 * `retryable: true` when the failure was transient and the socket may still be there (5xx, 429, an
 * open circuit — after the sender's own retries), and not when sending again cannot help (the socket
 * is gone: 410, or its connection is no longer stored). Callers log a rejection; they never fail their
 * own work because of one.
 */
export interface MessageSender<Message = unknown> {
  send(
    connectionId: string,
    message: Message,
    options?: {
      /**
       * The socket is known to be live: it sent the frame being answered, and API Gateway just
       * delivered that frame — even when the store no longer lists it (an `UNAUTHORIZED` or `FORBIDDEN`
       * reply). The sender skips its status read. Default false: the store decides whether the
       * connection is still there.
       */
      verified?: boolean;
    },
  ): Promise<void>;
}
