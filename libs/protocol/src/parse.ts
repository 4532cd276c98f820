// Parsing, both directions: `parseClientMessage` (the server side) and `parseServerMessage` (the client
// side) read a frame, then check the fields of the message it holds. Neither throws.
import { InvalidMessageError } from './errors';
import { findPollutingKey, type FrameReason, isJsonObject, own, readFrame } from './frame';
import { ACTION_PATTERN, CLIENT_ID_PATTERN, REQUEST_ID_PATTERN, TOPIC_PATTERN } from './limits';
import {
  type BuiltinAction,
  type ClientMessage,
  isBuiltinAction,
  isProgressValue,
  isSeq,
  isWireError,
  type Payload,
  REQUEST_STATUSES,
  SERVER_MESSAGE_TYPES,
  type ServerMessage,
  type ServerMessageType,
} from './messages';

/** Why a client → server frame was rejected. */
export type ClientParseReason =
  | FrameReason
  | 'missing-id'
  | 'bad-id'
  | 'missing-action'
  | 'bad-action'
  | 'bad-payload';

/** Why a server → client frame was rejected. */
export type ServerParseReason = FrameReason | 'missing-id' | 'bad-id' | 'missing-type' | 'bad-type' | 'bad-field';

/** Any machine-readable parse failure reason. */
export type ParseReason = ClientParseReason | ServerParseReason;

/** Outcome of parsing a frame: never throws, always one of these. */
export type ParseResult<T, R extends ParseReason = ParseReason> =
  | { ok: true; message: T }
  | { ok: false; error: InvalidMessageError<R> };

/** A failed parse; `id` is the recovered correlation id, or null. */
function fail<R extends ParseReason>(reason: R, text: string, id: string | null): { ok: false; error: InvalidMessageError<R> } {
  return { ok: false, error: new InvalidMessageError(reason, text, id) };
}

// Client → server

/**
 * Parses and validates one client → server frame. Never throws: a bad frame yields
 * `{ ok: false, error }` whose `reason` says what was wrong and whose `id` is the correlation id
 * when it could be recovered (null otherwise), so the caller can answer with an `error` reply.
 */
export function parseClientMessage(raw: string | Uint8Array): ParseResult<ClientMessage, ClientParseReason> {
  const frame = readFrame(raw);
  if (!frame.ok) return fail(frame.reason, frame.message, null);
  const { fields } = frame;
  const id = own(fields, 'id');
  if (id === undefined) return fail('missing-id', 'Field "id" is required', null);
  if (typeof id !== 'string' || !CLIENT_ID_PATTERN.test(id)) {
    return fail('bad-id', `Field "id" must match ${String(CLIENT_ID_PATTERN)}`, null);
  }
  const action = own(fields, 'action');
  if (action === undefined) return fail('missing-action', 'Field "action" is required', id);
  if (typeof action !== 'string' || !ACTION_PATTERN.test(action)) {
    return fail('bad-action', `Field "action" must match ${String(ACTION_PATTERN)}`, id);
  }
  return withPayload(id, action, own(fields, 'payload'));
}

function withPayload(id: string, action: string, payload: unknown): ParseResult<ClientMessage, ClientParseReason> {
  if (payload !== undefined && !isJsonObject(payload)) {
    return fail('bad-payload', 'Field "payload" must be a JSON object', id);
  }
  const pollutingKey = findPollutingKey(payload, 'payload');
  if (pollutingKey !== null) return fail('bad-payload', `Forbidden key at ${pollutingKey}`, id);
  const problem = isBuiltinAction(action) ? BUILTIN_PAYLOAD_CHECKS[action](payload) : null;
  if (problem !== null) return fail('bad-payload', problem, id);
  const message = (payload === undefined ? { id, action } : { id, action, payload }) as ClientMessage;
  return { ok: true, message };
}

/** Checks a built-in action's payload; returns what is wrong with it, or null when it is valid. */
type PayloadCheck = (payload: Payload | undefined) => string | null;

function requireField(field: string, pattern: RegExp): PayloadCheck {
  return (payload) => {
    const value = payload === undefined ? undefined : own(payload, field);
    if (value === undefined) return `payload.${field} is required`;
    if (typeof value !== 'string' || !pattern.test(value)) return `payload.${field} must match ${String(pattern)}`;
    return null;
  };
}

/** `since` of a `subscribe`: absent, or a sequence number (a non-negative safe integer). */
function optionalSeq(field: string): PayloadCheck {
  return (payload) => {
    const value = payload === undefined ? undefined : own(payload, field);
    if (value === undefined || isSeq(value)) return null;
    return `payload.${field} must be a non-negative integer`;
  };
}

function allOf(...checks: PayloadCheck[]): PayloadCheck {
  return (payload) => {
    for (const check of checks) {
      const problem = check(payload);
      if (problem !== null) return problem;
    }
    return null;
  };
}

/** Payload rules of the built-in actions (`ping` takes any object or none). */
const BUILTIN_PAYLOAD_CHECKS: Readonly<Record<BuiltinAction, PayloadCheck>> = {
  ping: () => null,
  subscribe: allOf(requireField('topic', TOPIC_PATTERN), optionalSeq('since')),
  unsubscribe: requireField('topic', TOPIC_PATTERN),
  status: requireField('requestId', REQUEST_ID_PATTERN),
  cancel: requireField('requestId', REQUEST_ID_PATTERN),
};

// Server → client

/**
 * Parses and validates one server → client frame (the client side of the protocol). Never throws.
 * On failure `error.id` is the message's correlation id when it was readable, so a client can fail
 * the matching pending request instead of leaving it waiting.
 */
export function parseServerMessage(raw: string | Uint8Array): ParseResult<ServerMessage, ServerParseReason> {
  const frame = readFrame(raw);
  if (!frame.ok) return fail(frame.reason, frame.message, null);
  const { fields } = frame;
  const rawId = own(fields, 'id');
  const id = typeof rawId === 'string' && CLIENT_ID_PATTERN.test(rawId) ? rawId : null;
  const type = own(fields, 'type');
  if (type === undefined) return fail('missing-type', 'Field "type" is required', id);
  if (!isServerMessageType(type)) return fail('bad-type', `Field "type" must be one of ${SERVER_MESSAGE_TYPES.join(', ')}`, id);
  const idProblem = checkId(type, rawId, id);
  if (idProblem !== null) return fail(idProblem, `Field "id" must match ${String(CLIENT_ID_PATTERN)}`, null);
  const body = SERVER_BODIES[type](fields);
  return typeof body === 'string' ? fail('bad-field', body, id) : { ok: true, message: withId(body, id) };
}

function isServerMessageType(value: unknown): value is ServerMessageType {
  return (SERVER_MESSAGE_TYPES as readonly unknown[]).includes(value);
}

/** Events carry no id; an `error` answering an unparseable frame carries `id: null`. */
function checkId(type: ServerMessageType, rawId: unknown, id: string | null): 'missing-id' | 'bad-id' | null {
  if (type === 'event') return null;
  if (rawId === undefined) return 'missing-id';
  if (id !== null || (type === 'error' && rawId === null)) return null;
  return 'bad-id';
}

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

/** A topic event carries `seq` and `publishedAt` together; an ephemeral push carries neither. */
function event(fields: Fields): Body {
  const [topic, seq, publishedAt] = [own(fields, 'topic'), own(fields, 'seq'), own(fields, 'publishedAt')];
  if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic)) return 'Field "topic" is missing or malformed';
  if (seq !== undefined && (!isSeq(seq) || seq === 0)) return 'Field "seq" must be a positive integer';
  if (publishedAt !== undefined && !isSeq(publishedAt)) return 'Field "publishedAt" must be epoch milliseconds';
  if ((seq === undefined) !== (publishedAt === undefined)) return 'Fields "seq" and "publishedAt" come together';
  const body = data(fields);
  if (typeof body === 'string') return body;
  return seq === undefined ? { type: 'event', topic, ...body } : { type: 'event', topic, seq, publishedAt, ...body };
}

/** Validates the type-specific fields of each server message and copies only the known ones. */
const SERVER_BODIES: Readonly<Record<ServerMessageType, (fields: Fields) => Body>> = {
  ack,
  progress,
  result,
  error,
  event,
  pong: () => ({ type: 'pong' }),
};

/** Joins a validated body with its correlation id (events carry none). */
function withId(body: Record<string, unknown>, id: string | null): ServerMessage {
  return (body['type'] === 'event' ? body : { id, ...body }) as unknown as ServerMessage;
}
