import { isBuiltinAction } from './actions';
import { BUILTIN_PAYLOAD_CHECKS } from './builtin-payloads';
import type { ClientMessage } from './client-messages';
import { InvalidMessageError } from './errors';
import { readFrame } from './frame';
import { findPollutingKey, isJsonObject, own } from './json-guards';
import { ACTION_PATTERN, CLIENT_ID_PATTERN } from './limits';
import type { ClientParseReason, ParseResult } from './reasons';

type Outcome = ParseResult<ClientMessage, ClientParseReason>;

/**
 * Parses and validates one client → server frame. Never throws: a bad frame yields
 * `{ ok: false, error }` whose `reason` says what was wrong and whose `id` is the correlation id
 * when it could be recovered (null otherwise), so the caller can answer with an `error` reply.
 */
export function parseClientMessage(raw: string | Uint8Array): Outcome {
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

function withPayload(id: string, action: string, payload: unknown): Outcome {
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

function fail(reason: ClientParseReason, text: string, id: string | null): Outcome {
  return { ok: false, error: new InvalidMessageError(reason, text, id) };
}
