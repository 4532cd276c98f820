// createRouter: the $default pipeline. Order: size → parse → shape → connection, token expiry and rate limit (one store write) →
// built-ins → handler lookup → payload validation → sync `process` under a deadline, or idempotent
// enqueue + `ack`. Every frame gets exactly one reply; `route` never throws for bad input.
// The steps live in pipeline.ts (every frame), built-ins.ts and handlers.ts (registered actions).
import { type ClientMessage, isBuiltinAction, type ServerMessage } from '@streamer/protocol';
import type { ConnectionRecord } from '@streamer/store';
import { answerBuiltIn } from './built-ins';
import { TokenExpiredError } from './errors';
import { answerHandler } from './handlers';
import { resolveOptions, type RouterDeps, type RouterOptions } from './options';
import { admitFrame, assertToken, deliver, errorReply, readFrame, touchActivity } from './pipeline';

/** What one `$default` invocation hands the router. */
export interface RouteInput {
  /** `requestContext.connectionId` of the sending socket. */
  connectionId: string;
  /** The frame as API Gateway delivers it; absent for an empty frame. */
  body: string | undefined | null;
  /** True for a binary frame (the body is base64). */
  isBase64Encoded?: boolean;
  /** `context.getRemainingTimeInMillis()`: bounds the sync deadline. */
  remainingTimeMs?: number;
}

/** What `route` did: the one reply sent to the caller, and whether the socket took it. */
export interface RouteResult {
  reply: ServerMessage;
  delivered: boolean;
  /**
   * The frame's action when it is a built-in or registered one: a bounded set, fit for a metric
   * dimension (absent for a frame that did not parse or names an unknown action).
   */
  action?: string;
  /** The sending connection's tenant, once its stored record was read. */
  tenantId?: string;
}

/** An accepted frame from a known connection: what built-ins and handler steps work with. */
export interface RouteContext {
  message: ClientMessage;
  /** The stored connection: the only source of user and tenant. */
  connection: ConnectionRecord;
  now: number;
  remainingTimeMs: number | undefined;
}

export interface Router {
  /** Answers one frame from `input.connectionId` through the sender; resolves with what was sent. */
  route(input: RouteInput): Promise<RouteResult>;
}

/** Builds a router; throws `RouterConfigError` for unusable options. Build once per cold start. */
export function createRouter(options: RouterOptions): Router {
  const deps = resolveOptions(options);
  return { route: (input) => route(deps, input) };
}

async function route(deps: RouterDeps, input: RouteInput): Promise<RouteResult> {
  const frame = readFrame(input);
  if (!frame.ok) {
    deps.logger.info('router: frame rejected', { connectionId: input.connectionId, reason: frame.reason });
    return deliver(deps, input.connectionId, frame.reply);
  }
  const { message } = frame;
  const seen: Pick<RouteResult, 'tenantId'> = {};
  let expired = false;
  const reply = await answer(deps, message, input, seen).catch((err: unknown) => {
    expired = err instanceof TokenExpiredError;
    return errorReply(deps.logger, message.id, input.connectionId, err);
  });
  const known = isBuiltinAction(message.action) || deps.registry.get(message.action) !== undefined;
  const result = await deliver(deps, input.connectionId, reply);
  if (expired) await closeExpired(deps, input.connectionId);
  return { ...result, ...seen, ...(known ? { action: message.action } : {}) };
}

/** After the `UNAUTHORIZED` reply: the socket of an expired token is closed; a failure is logged, never thrown. */
async function closeExpired(deps: RouterDeps, connectionId: string): Promise<void> {
  if (!deps.closeConnection) {
    deps.logger.warn('router: token expired but no closeConnection is wired; the socket stays open', { connectionId });
    return;
  }
  try {
    await deps.closeConnection(connectionId);
    deps.logger.info('router: connection closed, token expired', { connectionId });
  } catch (err) {
    deps.logger.warn('router: could not close the connection of an expired token', { connectionId, error: err });
  }
}

async function answer(deps: RouterDeps, message: ClientMessage, input: RouteInput, seen: Pick<RouteResult, 'tenantId'>): Promise<ServerMessage> {
  const now = deps.clock.now();
  const { connection, decision } = await admitFrame(deps.stores.connections, input.connectionId, deps.rateLimit, now);
  seen.tenantId = connection.tenantId;
  // The touch (at most once a minute per connection) runs beside the rest and is awaited before the reply.
  const touched = touchActivity(deps, connection, now);
  try {
    assertToken(decision);
    const ctx: RouteContext = { message, connection, now, remainingTimeMs: input.remainingTimeMs };
    return (await answerBuiltIn(deps, ctx)) ?? (await answerHandler(deps, ctx));
  } finally {
    await touched;
  }
}
