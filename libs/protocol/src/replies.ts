// Reply constructors: every server → client message the server builds, the `error` reply included.
import { type ErrorCode, genericMessage, isErrorCode, isRetryable, ProgressRangeError } from './errors';
import { isProgressValue } from './definitions';
import { isJsonObject } from './frame';
import {
  type AckMessage,
  type ErrorMessage,
  type EventMessage,
  type PongMessage,
  type ProgressMessage,
  type RequestStatus,
  type ResultChunkMessage,
  type ResultChunks,
  type ResultMessage,
  type WireError,
} from './messages';

/** `ack`: the request `requestId` was accepted (status `queued` unless told otherwise). */
export function ack(id: string, requestId: string, status: RequestStatus = 'queued'): AckMessage {
  return { id, type: 'ack', requestId, status };
}

/** `progress`: `value` must be a finite number in [0, 1], else `ProgressRangeError` is thrown. */
export function progress(id: string, requestId: string, value: number, message?: string): ProgressMessage {
  if (!isProgressValue(value)) throw new ProgressRangeError(value);
  const built: ProgressMessage = { id, type: 'progress', requestId, progress: value };
  if (message !== undefined) built.message = message;
  return built;
}

/** `result`: a successful reply. `undefined` data is sent as `null` so the field is always present. */
export function result<T>(id: string, data: T): ResultMessage<T extends undefined ? null : T> {
  return { id, type: 'result', success: true, data: (data === undefined ? null : data) as T extends undefined ? null : T };
}

/** `result-chunk`: piece `index` (from 0) of a result cut by `chunkResult` into `chunks`. */
export function resultChunk(id: string, requestId: string, chunks: ResultChunks, index: number, data: string): ResultChunkMessage {
  return { id, type: 'result-chunk', requestId, chunk: { index, count: chunks.count, bytes: chunks.bytes, crc32: chunks.crc32 }, data };
}

/** Where a topic event sits in its topic's history: its `seq` and when it was published (epoch ms). */
export interface EventPosition {
  seq: number;
  publishedAt: number;
}

/**
 * `event`: a push to subscribers of `topic` (or to a connection, user or tenant). A stored topic event
 * gives its `position`; an ephemeral push gives none.
 */
export function event<T>(topic: string, data: T, position?: EventPosition): EventMessage<T extends undefined ? null : T> {
  const value = (data === undefined ? null : data) as T extends undefined ? null : T;
  if (position === undefined) return { type: 'event', topic, data: value };
  return { type: 'event', topic, seq: position.seq, publishedAt: position.publishedAt, data: value };
}

/** `pong`: the reply to `ping`. */
export function pong(id: string): PongMessage {
  return { id, type: 'pong' };
}

/** Options of `error()`. */
export interface ErrorReplyOptions {
  /** Overrides the code's default retryability. */
  retryable?: boolean;
  /** For `RATE_LIMITED`: milliseconds to wait before retrying (a finite number ≥ 0, rounded up). */
  retryAfterMs?: number;
  /**
   * Send the given message to the client. Defaults to true for a string with any code but
   * `INTERNAL_ERROR`, and to false for an `Error` object or `INTERNAL_ERROR`.
   */
  expose?: boolean;
}

/**
 * `error` reply. Stack traces never reach the wire, and internal messages only with `expose: true`:
 * otherwise the code's generic message (e.g. "Internal error") is sent.
 */
export function error(id: string | null, code: ErrorCode, message: string | Error, options: ErrorReplyOptions = {}): ErrorMessage {
  const isText = typeof message === 'string';
  const expose = options.expose ?? (isText && code !== 'INTERNAL_ERROR');
  const text = isText ? message : readMessage(message);
  const wire: WireError = {
    code,
    message: expose && text !== '' ? text : genericMessage(code),
    retryable: options.retryable ?? isRetryable(code),
  };
  const retryAfterMs = options.retryAfterMs;
  if (typeof retryAfterMs === 'number' && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    wire.retryAfterMs = Math.ceil(retryAfterMs);
  }
  return { id, type: 'error', success: false, error: wire };
}

type TypedError = Partial<Record<'code' | 'retryable' | 'retryAfterMs' | 'expose' | 'toJSON' | 'message', unknown>>;

/**
 * Maps anything thrown to an `error` reply. A typed error — one whose `code` is a protocol error code —
 * keeps its code, `retryable`, `retryAfterMs` and (when its `expose` allows; default: every code but
 * `INTERNAL_ERROR`) its message, read from its `toJSON()` when it has one. Anything else becomes a
 * generic `INTERNAL_ERROR`. Never throws, even for hostile objects (throwing getters, proxies).
 */
export function errorFrom(id: string | null, err: unknown): ErrorMessage {
  try {
    return isTyped(err) ? fromTyped(id, err) : error(id, 'INTERNAL_ERROR', genericMessage('INTERNAL_ERROR'));
  } catch {
    return error(id, 'INTERNAL_ERROR', genericMessage('INTERNAL_ERROR'));
  }
}

function isTyped(err: unknown): err is TypedError & { code: ErrorCode } {
  return typeof err === 'object' && err !== null && isErrorCode((err as TypedError).code);
}

function fromTyped(id: string | null, err: TypedError & { code: ErrorCode }): ErrorMessage {
  const view = wireView(err);
  return error(id, err.code, readMessage(view ?? err), {
    expose: typeof err.expose === 'boolean' ? err.expose : err.code !== 'INTERNAL_ERROR',
    retryable: firstBoolean(err.retryable, view?.['retryable']),
    retryAfterMs: firstNumber(err.retryAfterMs, view?.['retryAfterMs']),
  });
}

function wireView(err: TypedError): Record<string, unknown> | undefined {
  if (typeof err.toJSON !== 'function') return undefined;
  const view: unknown = (err.toJSON as (this: unknown) => unknown).call(err);
  return isJsonObject(view) ? view : undefined;
}

function readMessage(source: unknown): string {
  const message = typeof source === 'object' && source !== null ? (source as TypedError).message : undefined;
  return typeof message === 'string' ? message : '';
}

function firstBoolean(...values: unknown[]): boolean | undefined {
  return values.find((value): value is boolean => typeof value === 'boolean');
}

function firstNumber(...values: unknown[]): number | undefined {
  return values.find((value): value is number => typeof value === 'number');
}
