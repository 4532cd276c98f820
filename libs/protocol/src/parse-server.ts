import { InvalidMessageError } from './errors';
import { readFrame } from './frame';
import { own } from './json-guards';
import { CLIENT_ID_PATTERN } from './limits';
import type { ParseResult, ServerParseReason } from './reasons';
import { SERVER_BODIES, withId } from './server-fields';
import { SERVER_MESSAGE_TYPES, type ServerMessage, type ServerMessageType } from './server-messages';

type Outcome = ParseResult<ServerMessage, ServerParseReason>;

/**
 * Parses and validates one server → client frame (the client side of the protocol). Never throws.
 * On failure `error.id` is the message's correlation id when it was readable, so a client can fail
 * the matching pending request instead of leaving it waiting.
 */
export function parseServerMessage(raw: string | Uint8Array): Outcome {
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

function fail(reason: ServerParseReason, text: string, id: string | null): Outcome {
  return { ok: false, error: new InvalidMessageError(reason, text, id) };
}
