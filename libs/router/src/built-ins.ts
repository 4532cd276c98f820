// Built-in actions, answered by the router itself after the connection and rate-limit steps:
// `ping`, `subscribe`/`unsubscribe` (tenant-scoped through the stored connection, never the message;
// `subscribe` with `since` replays the topic's retained events first), and `status`/`cancel` of the
// caller's own requests.
import {
  type CancelMessage,
  error,
  event,
  genericMessage,
  isAction,
  isErrorCode,
  isTopic,
  pong,
  type RequestStatus,
  type RequestStatusView,
  result,
  resultChunk,
  type ResultChunkMessage,
  type ResultMessage,
  type ServerMessage,
  type SubscribeMessage,
  type SubscriptionView,
  TOPIC_PATTERN,
  type WireError,
} from '@streamer/protocol';
import {
  ConditionConflictError,
  type ConnectionRecord,
  type RequestRecord,
  type RequestStore,
  type StoredError,
  TERMINAL_STATUSES,
} from '@streamer/store';
import { InvalidRequestError, NotFoundError } from './errors';
import type { RouterDeps } from './options';
import type { RouteContext } from './router';

/** The `data` of a `cancel` result. */
export interface CancelView {
  requestId: string;
  status: RequestStatus;
}

/** The reply to a built-in message, or undefined when the action is not a built-in. */
export async function answerBuiltIn(deps: RouterDeps, ctx: RouteContext): Promise<ServerMessage | undefined> {
  const { message, connection, now } = ctx;
  const { subscriptions, requests } = deps.stores;
  const { tenantId, connectionId } = connection;
  // `ping` → `pong` with the same id (also keeps the socket under API Gateway's idle limit).
  if (isAction(message, 'ping')) return pong(message.id);
  if (isAction(message, 'subscribe')) return subscribe(deps, message, connection, now);
  if (isAction(message, 'unsubscribe')) {
    const topic = checkTopic(message.payload.topic);
    await subscriptions.remove(tenantId, topic, connectionId);
    return result(message.id, { topic, subscribed: false } satisfies SubscriptionView);
  }
  if (isAction(message, 'status')) {
    // A pending request asked about from another socket of its user follows the caller there.
    const request = await findOwnRequest(requests, message.payload.requestId, connection);
    const { chunk } = message.payload;
    if (chunk !== undefined) return storedChunk(requests, message.id, request, chunk);
    return result(message.id, statusView(await followCaller(requests, request, connection)));
  }
  if (isAction(message, 'cancel')) return cancel(deps, message, connection);
  return undefined;
}

// `subscribe` {topic, since?}: the subscription is stored first, then the topic's history is read, so
// an event published meanwhile is either in that history or sent live to the new subscriber (or both:
// the client drops a seq it already delivered). With `since`, every retained event after it (at most
// one read's worth, 1000) is sent to the caller in seq order before the result; the result carries
// the topic's current seq, so a client that got fewer events than it is behind subscribes again with
// a newer `since`. `truncated: true` says events after `since` expired and cannot be replayed.

type SubscribeDeps = Pick<RouterDeps, 'stores' | 'sender'>;

/** `after` for a read that returns the head only: no event has a seq above it. */
const HEAD_ONLY = Number.MAX_SAFE_INTEGER;

async function subscribe(deps: SubscribeDeps, message: SubscribeMessage, connection: ConnectionRecord, now: number): Promise<ResultMessage<SubscriptionView>> {
  const topic = checkTopic(message.payload.topic);
  const { tenantId, userId, connectionId } = connection;
  await deps.stores.subscriptions.add({ tenantId, topic, connectionId, userId, now });
  const { since } = message.payload;
  if (since === undefined) {
    const { head } = await deps.stores.events.read({ tenantId, topic, after: HEAD_ONLY, limit: 1, now });
    return result(message.id, { topic, subscribed: true, seq: head });
  }
  const history = await deps.stores.events.read({ tenantId, topic, after: since, now });
  // In order, one after the other: the socket just sent this frame, so it is live (`verified`).
  for (const { seq, publishedAt, data } of history.events) {
    await deps.sender.send(connectionId, event(topic, data, { seq, publishedAt }), { verified: true });
  }
  const view: SubscriptionView = { topic, subscribed: true, seq: history.head };
  if (history.truncated) view.truncated = true;
  return result(message.id, view);
}

/**
 * The topic, or `INVALID_REQUEST` naming the rule it breaks. The rule is the protocol's one topic rule
 * (`TOPIC_PATTERN`), the same that `event` frames and topic broadcasts follow.
 */
function checkTopic(topic: string): string {
  if (!isTopic(topic)) throw new InvalidRequestError(`payload.topic must match ${String(TOPIC_PATTERN)}`);
  return topic;
}

/**
 * The caller's own request: same user and same tenant as the stored connection. Anyone else's
 * request is `NOT_FOUND`, exactly like a missing one, so ids cannot be probed.
 */
async function findOwnRequest(requests: RequestStore, requestId: string, connection: ConnectionRecord): Promise<RequestRecord> {
  const request = await requests.get(requestId);
  const owned = request !== undefined && request.userId === connection.userId && request.tenantId === connection.tenantId;
  if (!owned) throw new NotFoundError();
  return request;
}

/**
 * A reconnecting client takes its pending requests along: a `status` (or an idempotent re-send of
 * the same id) from another socket of the same user moves the request there, so the processor sends
 * the remaining progress and the result to the socket that asked.
 *
 * Returns the request, attached to the calling connection when it is still pending and lives
 * elsewhere. A request that settled meanwhile (the conditional write lost) is re-read and returned as
 * it is now. The caller must already own the request (same user and tenant).
 */
export async function followCaller(requests: RequestStore, request: RequestRecord, connection: ConnectionRecord): Promise<RequestRecord> {
  if (TERMINAL_STATUSES.includes(request.status) || request.connectionId === connection.connectionId) return request;
  try {
    return await requests.reattach(request.requestId, connection.connectionId, connection.userId);
  } catch (err) {
    if (!(err instanceof ConditionConflictError)) throw err;
    return (await requests.get(request.requestId)) ?? request;
  }
}

/** `status {requestId, chunk}`: one piece of a completed request's large result, as a `result-chunk`. */
async function storedChunk(requests: RequestStore, id: string, request: RequestRecord, index: number): Promise<ResultChunkMessage> {
  const shape = request.resultChunks;
  if (!shape) throw new InvalidRequestError('The request has no result in chunks');
  if (index >= shape.count) throw new InvalidRequestError(`payload.chunk must be below ${shape.count}`);
  const data = await requests.resultChunk(request.requestId, index);
  if (data === undefined) throw new NotFoundError();
  return resultChunk(id, request.requestId, shape, index, data);
}

/** The client's view of a stored request (the `data` of a `status` result). */
function statusView(request: RequestRecord): RequestStatusView {
  const view: RequestStatusView = { requestId: request.requestId, status: request.status, progress: request.progress };
  if (request.progressMessage !== undefined) view.progressMessage = request.progressMessage;
  if (request.result !== undefined) view.result = request.result;
  if (request.resultChunks !== undefined) view.resultChunks = request.resultChunks;
  if (request.error !== undefined) view.error = wireError(request.error);
  return view;
}

/** A stored error as sent on the wire; an unknown code reads as `INTERNAL_ERROR`. */
function wireError(stored: StoredError): WireError {
  if (isErrorCode(stored.code)) return { code: stored.code, message: stored.message, retryable: stored.retryable };
  return { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: stored.retryable };
}

// `cancel` {requestId}: queued|processing → cancelled for one of the caller's own requests.
// Whoever wins the conditional terminal transition sends the terminal message: when the router wins,
// the original request gets its one `CANCELLED` error (to its own socket, with its own client id).

type CancelDeps = Pick<RouterDeps, 'stores' | 'sender' | 'logger'>;

async function cancel(deps: CancelDeps, message: CancelMessage, connection: ConnectionRecord): Promise<ResultMessage<CancelView>> {
  const request = await findOwnRequest(deps.stores.requests, message.payload.requestId, connection);
  const status = TERMINAL_STATUSES.includes(request.status) ? request.status : await cancelRunning(deps, request);
  return result(message.id, { requestId: request.requestId, status });
}

/** Tries the transition; returns the status the request ends up in. */
async function cancelRunning(deps: CancelDeps, request: RequestRecord): Promise<RequestStatus> {
  try {
    const cancelled = await deps.stores.requests.cancel(request.requestId);
    await sendTerminal(deps, cancelled);
    return cancelled.status;
  } catch (err) {
    if (!(err instanceof ConditionConflictError)) throw err;
    return err.currentStatus ?? (await deps.stores.requests.get(request.requestId))?.status ?? request.status;
  }
}

async function sendTerminal(deps: CancelDeps, request: RequestRecord): Promise<void> {
  const terminal = error(request.clientId, 'CANCELLED', genericMessage('CANCELLED'));
  try {
    await deps.sender.send(request.connectionId, terminal);
  } catch (err) {
    deps.logger.info('router: cancelled request could not be told (socket gone?)', {
      requestId: request.requestId,
      connectionId: request.connectionId,
      error: err,
    });
  }
}
