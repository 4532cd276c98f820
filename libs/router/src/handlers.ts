// Steps 6–8 for registered actions: handler lookup, payload validation, then sync `process` under a
// deadline or async idempotent enqueue + `ack`. The request is built from the stored connection (user,
// tenant) and a fresh server-side request id — never from identity fields in the message.
import {
  type Handler,
  HandlerError,
  type HandlerRequest,
  type Payload,
  type PublishTarget,
  runsAsync,
  stopGraceMs,
  validatePayload,
} from '@streamer/handler-api';
import { settledWithin, sleep } from '@streamer/kernel';
import {
  ack,
  type AckMessage,
  error,
  errorFrom,
  genericMessage,
  type HandlerMessage,
  result,
  type ServerMessage,
} from '@streamer/protocol';
import type { ConnectionRecord, NewRequest } from '@streamer/store';
import { followCaller } from './built-ins';
import { InvalidRequestError, SyncDeadlineError } from './errors';
import type { RouterDeps } from './options';
import { createWithinQuota } from './quotas';
import type { RouteContext } from './router';

/** Issues quoted in the reply; the rest are counted. */
const MAX_REPORTED_ISSUES = 10;

export async function answerHandler(deps: RouterDeps, ctx: RouteContext): Promise<ServerMessage> {
  const { handler, request, rawPayload } = await prepareRequest(deps, ctx);
  if (runsAsync(handler, request)) return enqueue(deps, request, rawPayload, ctx.connection, ctx.now);
  return runSync(deps, handler, request, ctx);
}

interface PreparedRequest {
  handler: Handler;
  request: HandlerRequest;
  /** The payload as the client sent it. */
  rawPayload: Payload;
}

async function prepareRequest(deps: Pick<RouterDeps, 'registry' | 'ids'>, ctx: RouteContext): Promise<PreparedRequest> {
  const { message, connection } = ctx;
  const handler = deps.registry.get(message.action);
  if (handler === undefined) throw new InvalidRequestError(`Unknown action "${message.action}"`);
  const rawPayload: Payload = (message as HandlerMessage).payload ?? {};
  const payload = await validated(handler, rawPayload);
  const { connectionId, userId, tenantId } = connection;
  const request = { id: message.id, requestId: deps.ids(), action: message.action, payload, connectionId, userId, tenantId };
  return { handler, request, rawPayload };
}

async function validated(handler: Handler, payload: Payload): Promise<Payload> {
  if (handler.schema === undefined) return payload;
  const outcome = await validatePayload(handler.schema, payload);
  if (outcome.ok) return outcome.value;
  throw new InvalidRequestError(`Invalid payload: ${describeIssues(outcome.issues)}`, { issues: outcome.issues });
}

function describeIssues(issues: readonly string[]): string {
  const shown = issues.slice(0, MAX_REPORTED_ISSUES).join('; ');
  const more = issues.length - MAX_REPORTED_ISSUES;
  return more > 0 ? `${shown}; and ${more} more` : shown;
}

// Sync handlers: `process` runs in this invocation under a deadline and is answered with `result` or
// `error`. A HandlerError keeps its code and message; anything else is a generic INTERNAL_ERROR.

type SyncDeps = Pick<RouterDeps, 'syncTimeoutMs' | 'deadlineMarginMs' | 'clock' | 'logger' | 'publisher'>;

async function runSync(deps: SyncDeps, handler: Handler, request: HandlerRequest, ctx: RouteContext): Promise<ServerMessage> {
  const process = handler.process;
  if (process === undefined) return syncFailure(deps, request, new TypeError(`"${request.action}" has no process()`));
  const budgetMs = syncBudgetMs(deps.syncTimeoutMs, ctx.remainingTimeMs, deps.deadlineMarginMs);
  const deadline = deps.clock.now() + budgetMs;
  try {
    // Publishing is bound to the caller's tenant, from the stored connection.
    const publish = (target: PublishTarget, data: unknown) => deps.publisher.publish(request.tenantId, target, data);
    const work = (signal: AbortSignal) => process(request, { signal, deadline, logger: deps.logger, publish });
    const value = await runWithDeadline(budgetMs, work, stopGraceMs(deps.deadlineMarginMs));
    return result(request.id, value);
  } catch (err) {
    return syncFailure(deps, request, err);
  }
}

function syncFailure(deps: SyncDeps, request: HandlerRequest, err: unknown): ServerMessage {
  const fields = { action: request.action, requestId: request.requestId, connectionId: request.connectionId };
  if (err instanceof SyncDeadlineError) {
    deps.logger.warn('router: sync handler timed out', { ...fields, budgetMs: err.budgetMs });
    return errorFrom(request.id, err);
  }
  if (err instanceof HandlerError) return errorFrom(request.id, err);
  deps.logger.error('router: sync handler failed', { ...fields, error: err });
  return error(request.id, 'INTERNAL_ERROR', genericMessage('INTERNAL_ERROR'));
}

// The sync deadline: a budget inside API Gateway's 29 s and the Lambda's remaining time, enforced
// with a timer that aborts the handler's signal and settles the race with `SyncDeadlineError` — once
// the handler has stopped, or its grace (`stopGraceMs`) has passed: once the invocation returns, Lambda
// freezes the environment, and a handler still running (a publish, a store write in flight) would
// resume half done in some later invocation.

/** min(syncTimeoutMs, remainingTimeMs − marginMs), never below zero. */
export function syncBudgetMs(syncTimeoutMs: number, remainingTimeMs: number | undefined, marginMs: number): number {
  const lambdaBudget = remainingTimeMs === undefined ? Infinity : remainingTimeMs - marginMs;
  return Math.max(0, Math.floor(Math.min(syncTimeoutMs, lambdaBudget)));
}

/**
 * Runs `work` with an AbortSignal that aborts after `budgetMs`, then rejects with `SyncDeadlineError`
 * as soon as `work` has settled or `graceMs` have passed, whichever comes first (its late value or
 * error is dropped). With no budget left, `work` is not started.
 */
export async function runWithDeadline<T>(budgetMs: number, work: (signal: AbortSignal) => Promise<T> | T, graceMs = 0): Promise<T> {
  if (budgetMs <= 0) throw new SyncDeadlineError(0);
  const controller = new AbortController();
  const running = Promise.resolve().then(() => work(controller.signal));
  const deadline = new AbortController();
  const first = await Promise.race([running.then((value) => ({ value })), sleep(budgetMs, deadline.signal).then(() => undefined)]).finally(() => deadline.abort());
  if (first !== undefined) return first.value;
  const error = new SyncDeadlineError(budgetMs);
  controller.abort(error);
  await settledWithin(running, graceMs);
  throw error;
}

// Async handlers: an idempotent conditional create, then `ack`. The same client id from the same user
// returns the first request's ack (with its current status); nothing is queued twice, and a pending
// request re-sent from another socket of the user follows it there (a client that reconnected). The
// payload is stored as the client sent it (it passed validation): the processor applies the schema
// again, and a schema's output (transforms) need not be valid input to it.

type EnqueueDeps = Pick<RouterDeps, 'stores' | 'quotas' | 'requestTtlMs' | 'logger'>;

async function enqueue(
  deps: EnqueueDeps,
  request: HandlerRequest,
  rawPayload: Payload,
  connection: ConnectionRecord,
  now: number,
): Promise<AckMessage> {
  const { requestId, connectionId, userId, tenantId, action } = request;
  const create = (fields: NewRequest) => deps.stores.requests.create(fields);
  const { request: stored, created } = await createWithinQuota(create, deps.quotas, {
    requestId,
    connectionId,
    userId,
    tenantId,
    clientId: request.id,
    action,
    payload: rawPayload,
    now,
    ttl: Math.floor((now + deps.requestTtlMs) / 1000),
  });
  if (created) return ack(request.id, stored.requestId, stored.status);
  deps.logger.info('router: repeated client id, answering with the first ack', { requestId: stored.requestId, connectionId });
  // The store scopes idempotency to (tenant, user), so the first request is the caller's own.
  const current = await followCaller(deps.stores.requests, stored, connection);
  return ack(request.id, current.requestId, current.status);
}
