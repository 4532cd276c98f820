import { findPollutingKey, own } from './json-guards';
import { REQUEST_ID_PATTERN, TOPIC_PATTERN } from './limits';
import { REQUEST_STATUSES, type ServerMessage, type ServerMessageType } from './server-messages';
import { isProgressValue, isWireError } from './status-view';

type Fields = Record<string, unknown>;
/** The fields of a server message other than `id`, or what is wrong with them. */
type Body = Record<string, unknown> | string;

const has = (fields: Fields, key: string): boolean => own(fields, key) !== undefined;

function requestId(fields: Fields): string | null {
  const value = own(fields, 'requestId');
  return typeof value === 'string' && REQUEST_ID_PATTERN.test(value) ? value : null;
}

function data(fields: Fields): Body {
  if (!has(fields, 'data')) return 'Field "data" is required';
  const pollutingKey = findPollutingKey(own(fields, 'data'), 'data');
  return pollutingKey === null ? { data: own(fields, 'data') } : `Forbidden key at ${pollutingKey}`;
}

function ack(fields: Fields): Body {
  const [id, status] = [requestId(fields), own(fields, 'status')];
  if (id === null) return 'Field "requestId" is missing or malformed';
  if (!(REQUEST_STATUSES as readonly unknown[]).includes(status)) return 'Field "status" is not a request status';
  return { type: 'ack', requestId: id, status };
}

function progress(fields: Fields): Body {
  const [id, value, message] = [requestId(fields), own(fields, 'progress'), own(fields, 'message')];
  if (id === null) return 'Field "requestId" is missing or malformed';
  if (!isProgressValue(value)) return 'Field "progress" must be a number in [0, 1]';
  if (message !== undefined && typeof message !== 'string') return 'Field "message" must be a string';
  const body = { type: 'progress', requestId: id, progress: value };
  return message === undefined ? body : { ...body, message };
}

function result(fields: Fields): Body {
  if (own(fields, 'success') !== true) return 'Field "success" must be true in a result';
  const body = data(fields);
  return typeof body === 'string' ? body : { type: 'result', success: true, ...body };
}

function error(fields: Fields): Body {
  const wire = own(fields, 'error');
  if (own(fields, 'success') !== false) return 'Field "success" must be false in an error';
  if (!isWireError(wire)) return 'Field "error" must be {code, message, retryable, retryAfterMs?}';
  const { code, message, retryable, retryAfterMs } = wire;
  const copy = retryAfterMs === undefined ? { code, message, retryable } : { code, message, retryable, retryAfterMs };
  return { type: 'error', success: false, error: copy };
}

function event(fields: Fields): Body {
  const topic = own(fields, 'topic');
  if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic)) return 'Field "topic" is missing or malformed';
  const body = data(fields);
  return typeof body === 'string' ? body : { type: 'event', topic, ...body };
}

/** Validates the type-specific fields of each server message and copies only the known ones. */
export const SERVER_BODIES: Readonly<Record<ServerMessageType, (fields: Fields) => Body>> = {
  ack,
  progress,
  result,
  error,
  event,
  pong: () => ({ type: 'pong' }),
};

/** Joins a validated body with its correlation id (events carry none). */
export function withId(body: Record<string, unknown>, id: string | null): ServerMessage {
  return (body['type'] === 'event' ? body : { id, ...body }) as unknown as ServerMessage;
}
