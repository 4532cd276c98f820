// The messages of protocol v1: client → server (built-in actions and handler messages), server → client
// (discriminated by `type`). Their schemas, and the guards built on them, are in definitions.ts.
import type { ErrorCode } from './errors';

// Client → server

/** Actions the router answers itself; every other action names a registered handler. */
export const BUILTIN_ACTIONS = ['ping', 'subscribe', 'unsubscribe', 'status', 'cancel'] as const;

/** A built-in action name. */
export type BuiltinAction = (typeof BUILTIN_ACTIONS)[number];

/** Payload of `unsubscribe`. */
export interface TopicPayload {
  topic: string;
}

/**
 * Payload of `subscribe`. With `since` (the last `seq` the client delivered), the retained events of the
 * topic after it are sent first, in order, before the live ones.
 */
export interface SubscribePayload extends TopicPayload {
  since?: number;
}

/** Payload of `status` and `cancel`: one of the caller's own requests. */
export interface RequestRefPayload {
  requestId: string;
}

/**
 * Payload of `status`. With `chunk`, the answer is that `result-chunk` of the request's stored result
 * (one whose status view carries `resultChunks`) instead of the status view.
 */
export interface StatusPayload extends RequestRefPayload {
  chunk?: number;
}

/** True when `action` is a built-in action. */
export function isBuiltinAction(action: string): action is BuiltinAction {
  return (BUILTIN_ACTIONS as readonly string[]).includes(action);
}

/** A JSON object payload (parsed payloads are plain objects without `__proto__` keys). */
export type Payload = Record<string, unknown>;

/** `{ id, action: 'ping' }` — answered with `pong`. */
export interface PingMessage {
  id: string;
  action: 'ping';
  payload?: Payload;
}

/** `{ id, action: 'subscribe', payload: { topic, since? } }` — answered with a `result` of `SubscriptionView`. */
export interface SubscribeMessage {
  id: string;
  action: 'subscribe';
  payload: SubscribePayload;
}

/** `{ id, action: 'unsubscribe', payload: { topic } }` */
export interface UnsubscribeMessage {
  id: string;
  action: 'unsubscribe';
  payload: TopicPayload;
}

/**
 * `{ id, action: 'status', payload: { requestId, chunk? } }` — answered with a `result` of
 * `RequestStatusView`, or with chunk `chunk` of a large stored result as a `result-chunk`.
 */
export interface StatusMessage {
  id: string;
  action: 'status';
  payload: StatusPayload;
}

/** `{ id, action: 'cancel', payload: { requestId } }` */
export interface CancelMessage {
  id: string;
  action: 'cancel';
  payload: RequestRefPayload;
}

/** A message for a registered handler. `P` is the handler's payload type. */
export interface HandlerMessage<P extends object = Payload> {
  id: string;
  action: string;
  payload?: P;
}

/** Built-in messages keyed by action. */
export interface BuiltinMessages {
  ping: PingMessage;
  subscribe: SubscribeMessage;
  unsubscribe: UnsubscribeMessage;
  status: StatusMessage;
  cancel: CancelMessage;
}

/** One built-in message. */
export type BuiltinMessage = BuiltinMessages[BuiltinAction];

/** Any client → server message. Narrow built-ins with `isAction(message, 'subscribe')`. */
export type ClientMessage = BuiltinMessage | HandlerMessage;

/** True when `message` is the built-in `action` (its payload was validated by the parser). */
export function isAction<A extends BuiltinAction>(message: ClientMessage, action: A): message is BuiltinMessages[A] {
  return message.action === action;
}

// Server → client

/** Lifecycle of a stored request. */
export const REQUEST_STATUSES = ['queued', 'processing', 'completed', 'failed', 'cancelled'] as const;

/** State of a stored request. */
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** The `error` object of an `error` reply (and of a failed request's status). */
export interface WireError {
  code: ErrorCode;
  message: string;
  retryable: boolean;
  /** For `RATE_LIMITED`: how long to wait before retrying, in milliseconds. */
  retryAfterMs?: number;
}

/** `{ id, type: 'ack', requestId, status }` — the request was accepted and queued. */
export interface AckMessage {
  id: string;
  type: 'ack';
  requestId: string;
  status: RequestStatus;
}

/** `{ id, type: 'progress', requestId, progress, message? }` — `progress` is in [0, 1]. */
export interface ProgressMessage {
  id: string;
  type: 'progress';
  requestId: string;
  progress: number;
  message?: string;
}

/** `{ id, type: 'result', success: true, data }` */
export interface ResultMessage<T = unknown> {
  id: string;
  type: 'result';
  success: true;
  data: T;
}

/**
 * What a large result was cut into: `count` ordered pieces of its JSON text, `bytes` UTF-8 bytes in
 * all, and the CRC-32 of those bytes (an unsigned 32-bit integer).
 */
export interface ResultChunks {
  count: number;
  bytes: number;
  crc32: number;
}

/** Where one piece sits in its result: its `index` (from 0) and the whole result's shape. */
export interface ResultChunkPosition extends ResultChunks {
  index: number;
}

/**
 * `{ id, type: 'result-chunk', requestId, chunk, data }` — one piece (`data`, a string) of the JSON
 * text of a result too large for one message. The pieces of a result are sent in `index` order to the
 * request's socket, in place of its `result`; their concatenation is the result's JSON text.
 */
export interface ResultChunkMessage {
  id: string;
  type: 'result-chunk';
  requestId: string;
  chunk: ResultChunkPosition;
  data: string;
}

/** `{ id, type: 'error', success: false, error }` — `id` is null when the frame could not be parsed. */
export interface ErrorMessage {
  id: string | null;
  type: 'error';
  success: false;
  error: WireError;
}

/**
 * `{ type: 'event', topic, seq?, publishedAt?, data }` — a push to a topic, user, tenant or connection.
 * Topic events carry `seq` (gap-free and strictly increasing per tenant and topic) and `publishedAt`
 * (epoch milliseconds); user, connection and tenant pushes are ephemeral and carry neither.
 */
export interface EventMessage<T = unknown> {
  type: 'event';
  topic: string;
  seq?: number;
  publishedAt?: number;
  data: T;
}

/**
 * The `data` of the `result` answering `subscribe` (`subscribed: true`, with the topic's current `seq`:
 * 0 before its first event) and `unsubscribe` (`subscribed: false`). `truncated` is true when events
 * after the subscribe's `since` have expired and could not be replayed.
 */
export interface SubscriptionView {
  topic: string;
  subscribed: boolean;
  seq?: number;
  truncated?: boolean;
}

/** `{ id, type: 'pong' }` — reply to `ping`. */
export interface PongMessage {
  id: string;
  type: 'pong';
}

/** Any server → client message, discriminated by `type`. */
export type ServerMessage = AckMessage | ProgressMessage | ResultMessage | ResultChunkMessage | ErrorMessage | EventMessage | PongMessage;

/** The `type` of a server message. */
export type ServerMessageType = ServerMessage['type'];

/** Every server message type. */
export const SERVER_MESSAGE_TYPES = ['ack', 'progress', 'result', 'result-chunk', 'error', 'event', 'pong'] as const satisfies readonly ServerMessageType[];

/** The stored state of a request, returned as the `data` of the `result` answering `status`. */
export interface RequestStatusView {
  requestId: string;
  status: RequestStatus;
  progress: number;
  progressMessage?: string;
  result?: unknown;
  /** A completed request whose result was too large for one message: page through it with `status {requestId, chunk}`. */
  resultChunks?: ResultChunks;
  error?: WireError;
}

/** The reply to a `status` request. */
export type StatusResultMessage = ResultMessage<RequestStatusView>;
