import type { ErrorCode } from './codes';

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

/** `{ id, type: 'error', success: false, error }` — `id` is null when the frame could not be parsed. */
export interface ErrorMessage {
  id: string | null;
  type: 'error';
  success: false;
  error: WireError;
}

/** `{ type: 'event', topic, data }` — a push to a topic, user, tenant or connection. */
export interface EventMessage<T = unknown> {
  type: 'event';
  topic: string;
  data: T;
}

/** `{ id, type: 'pong' }` — reply to `ping`. */
export interface PongMessage {
  id: string;
  type: 'pong';
}

/** Any server → client message, discriminated by `type`. */
export type ServerMessage = AckMessage | ProgressMessage | ResultMessage | ErrorMessage | EventMessage | PongMessage;

/** The `type` of a server message. */
export type ServerMessageType = ServerMessage['type'];

/** Every server message type. */
export const SERVER_MESSAGE_TYPES = ['ack', 'progress', 'result', 'error', 'event', 'pong'] as const satisfies readonly ServerMessageType[];

/** The stored state of a request, returned as the `data` of the `result` answering `status`. */
export interface RequestStatusView {
  requestId: string;
  status: RequestStatus;
  progress: number;
  progressMessage?: string;
  result?: unknown;
  error?: WireError;
}

/** The reply to a `status` request. */
export type StatusResultMessage = ResultMessage<RequestStatusView>;
