// Parsing, both directions: `parseClientMessage` (the server side) and `parseServerMessage` (the client
// side) read a frame, then check the fields of the message it holds. Neither throws.
import { BUILTIN_PAYLOAD_SCHEMAS, CLIENT_MESSAGE_SCHEMA, SERVER_MESSAGE_SCHEMAS } from './definitions';
import { InvalidMessageError } from './errors';
import { findPollutingKey, type FrameReason, isJsonObject, own, readFrame } from './frame';
import { CLIENT_ID_PATTERN } from './limits';
import { type ClientMessage, isBuiltinAction, SERVER_MESSAGE_TYPES, type ServerMessage, type ServerMessageType } from './messages';
import { checkSchema, pickKnown, type Schema } from './schema';

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

/** The envelope's field schemas: `id` and `action` failures have reasons of their own. */
const ENVELOPE = CLIENT_MESSAGE_SCHEMA.properties as Readonly<Record<'id' | 'action' | 'payload', Schema>>;

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
  const idProblem = checkSchema(ENVELOPE.id, id, 'id');
  if (idProblem !== null || typeof id !== 'string') return fail('bad-id', idProblem ?? '', null);
  const action = own(fields, 'action');
  if (action === undefined) return fail('missing-action', 'Field "action" is required', id);
  const actionProblem = checkSchema(ENVELOPE.action, action, 'action');
  if (actionProblem !== null || typeof action !== 'string') return fail('bad-action', actionProblem ?? '', id);
  return withPayload(id, action, own(fields, 'payload'));
}

function withPayload(id: string, action: string, payload: unknown): ParseResult<ClientMessage, ClientParseReason> {
  if (payload !== undefined && !isJsonObject(payload)) {
    return fail('bad-payload', 'Field "payload" must be a JSON object', id);
  }
  const pollutingKey = findPollutingKey(payload, 'payload');
  if (pollutingKey !== null) return fail('bad-payload', `Forbidden key at ${pollutingKey}`, id);
  const schema = isBuiltinAction(action) ? BUILTIN_PAYLOAD_SCHEMAS[action] : undefined;
  const problem = schema === undefined ? null : checkSchema(schema, payload ?? {}, 'payload');
  if (problem !== null) return fail('bad-payload', problem, id);
  const message = (payload === undefined ? { id, action } : { id, action, payload }) as ClientMessage;
  return { ok: true, message };
}

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
  const checked = body(type, fields);
  return typeof checked === 'string' ? fail('bad-field', checked, id) : { ok: true, message: withId(checked, id) };
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

/** The server messages' schemas with `id` left to `checkId`, which judged it before (events carry none). */
const BODY_SCHEMAS = Object.fromEntries(
  Object.entries(SERVER_MESSAGE_SCHEMAS).map(([type, schema]) => [type, { ...schema, required: schema.required?.filter((key) => key !== 'id') }]),
) as Readonly<Record<ServerMessageType, Schema>>;

/** Checks a server message's fields against its type's schema and copies only the fields it names, or says what is wrong. */
function body(type: ServerMessageType, fields: Record<string, unknown>): Record<string, unknown> | string {
  const problem = checkSchema(BODY_SCHEMAS[type], fields);
  if (problem !== null) return problem;
  const known = pickKnown(SERVER_MESSAGE_SCHEMAS[type], fields) as Record<string, unknown>;
  const pollutingKey = findPollutingKey(own(known, 'data'), 'data');
  return pollutingKey === null ? known : `Forbidden key at ${pollutingKey}`;
}

/** Joins a validated body with its correlation id (events carry none). */
function withId(body: Record<string, unknown>, id: string | null): ServerMessage {
  return (body['type'] === 'event' ? body : { id, ...body }) as unknown as ServerMessage;
}
