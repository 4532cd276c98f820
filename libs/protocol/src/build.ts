import { ProgressRangeError } from './errors';
import type {
  AckMessage,
  EventMessage,
  PongMessage,
  ProgressMessage,
  RequestStatus,
  ResultMessage,
} from './server-messages';
import { isProgressValue } from './status-view';

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

/** `event`: a push to subscribers of `topic` (or to a connection, user or tenant). */
export function event<T>(topic: string, data: T): EventMessage<T extends undefined ? null : T> {
  return { type: 'event', topic, data: (data === undefined ? null : data) as T extends undefined ? null : T };
}

/** `pong`: the reply to `ping`. */
export function pong(id: string): PongMessage {
  return { id, type: 'pong' };
}
