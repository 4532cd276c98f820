// fast-check arbitraries for property tests (not part of the library: test-support is excluded from the build).
import fc from 'fast-check';
import { ERROR_CODE_LIST } from '../errors';
import { findPollutingKey } from '../frame';
import { ACTION_PATTERN, CLIENT_ID_PATTERN, REQUEST_ID_PATTERN, TOPIC_PATTERN } from '../limits';
import { BUILTIN_ACTIONS, type ClientMessage, REQUEST_STATUSES, type ServerMessage, type WireError } from '../messages';

const clean = <T>(value: T): boolean => findPollutingKey(value) === null;

/** JSON has no negative zero: `JSON.stringify(-0)` is `"0"`, so -0 cannot survive any JSON round trip. */
function positiveZero(value: unknown): unknown {
  if (Object.is(value, -0)) return 0;
  if (Array.isArray(value)) return value.map(positiveZero);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, positiveZero(child)]));
}

/** JSON data as a peer would send it: any Unicode text, bounded size and depth, no polluting keys. */
export const jsonData = fc.jsonValue({ maxDepth: 4, depthSize: 'small' }).filter(clean).map(positiveZero);
const payload = fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), jsonData, { maxKeys: 6, noNullPrototype: true }).filter(clean);

export const clientId = fc.stringMatching(CLIENT_ID_PATTERN);
const requestId = fc.stringMatching(REQUEST_ID_PATTERN);
const topic = fc.stringMatching(TOPIC_PATTERN);
const handlerAction = fc.stringMatching(ACTION_PATTERN).filter((action) => !(BUILTIN_ACTIONS as readonly string[]).includes(action));
const optional = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

function withOptional<T extends object, K extends string, V>(base: T, key: K, value: V | undefined): T {
  return value === undefined ? base : { ...base, [key]: value };
}

export const clientMessage: fc.Arbitrary<ClientMessage> = fc.oneof(
  fc.tuple(clientId, handlerAction, optional(payload)).map(([id, action, p]) => withOptional({ id, action }, 'payload', p)),
  fc.tuple(clientId, optional(payload)).map(([id, p]) => withOptional({ id, action: 'ping' as const }, 'payload', p)),
  fc.tuple(clientId, fc.constantFrom('subscribe' as const, 'unsubscribe' as const), topic).map(([id, action, t]) => ({ id, action, payload: { topic: t } })),
  fc.tuple(clientId, fc.constantFrom('status' as const, 'cancel' as const), requestId).map(([id, action, r]) => ({ id, action, payload: { requestId: r } })),
);

const wireError: fc.Arbitrary<WireError> = fc
  .tuple(fc.constantFrom(...ERROR_CODE_LIST), fc.string({ unit: 'binary' }), fc.boolean(), optional(fc.nat()))
  .map(([code, message, retryable, retryAfterMs]) => withOptional({ code, message, retryable }, 'retryAfterMs', retryAfterMs));

const progressValue = fc.double({ min: 0, max: 1, noNaN: true }).map(Math.abs);

export const serverMessage: fc.Arbitrary<ServerMessage> = fc.oneof(
  fc.tuple(clientId, requestId, fc.constantFrom(...REQUEST_STATUSES)).map(([id, r, status]) => ({ id, type: 'ack' as const, requestId: r, status })),
  fc
    .tuple(clientId, requestId, progressValue, optional(fc.string({ unit: 'binary' })))
    .map(([id, r, value, message]) => withOptional({ id, type: 'progress' as const, requestId: r, progress: value }, 'message', message)),
  fc.tuple(clientId, jsonData).map(([id, data]) => ({ id, type: 'result' as const, success: true as const, data })),
  fc.tuple(fc.option(clientId), wireError).map(([id, error]) => ({ id, type: 'error' as const, success: false as const, error })),
  fc.tuple(topic, jsonData).map(([t, data]) => ({ type: 'event' as const, topic: t, data })),
  fc
    .tuple(topic, fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.nat(), jsonData)
    .map(([t, seq, publishedAt, data]) => ({ type: 'event' as const, topic: t, seq, publishedAt, data })),
  clientId.map((id) => ({ id, type: 'pong' as const })),
);

const anyJsonText = fc.oneof(fc.json(), fc.jsonValue().map((value) => JSON.stringify(value)));
const shapedText = fc
  .record({ id: fc.anything(), action: fc.anything(), payload: fc.anything(), type: fc.anything(), data: fc.anything() }, { requiredKeys: [] })
  .map((fields) => JSON.stringify(fields) ?? '');
const jsonAlphabet = fc.constantFrom('{', '}', '[', ']', '"', '\\', ':', ',', 'a', '1', ' ', '_', 'id', 'action', '__proto__');

const message = fc.oneof(clientMessage, serverMessage);

/** Text frames: random Unicode, JSON of any shape, message-like objects, JSON-ish token soup, damaged messages. */
export const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  anyJsonText,
  shapedText,
  fc.array(jsonAlphabet, { maxLength: 80 }).map((tokens) => tokens.join('')),
  fc.tuple(message, fc.nat(), fc.string({ maxLength: 3 })).map(([m, at, junk]) => splice(JSON.stringify(m), at, junk)),
);

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Byte frames: random bytes, encoded JSON, and encoded messages with one byte overwritten. */
export const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  anyJsonText.map(encode),
  fc.tuple(message, fc.nat(), fc.integer({ min: 0, max: 255 })).map(([m, at, byte]) => {
    const bytes = encode(JSON.stringify(m));
    bytes[at % bytes.length] = byte;
    return bytes;
  }),
);

function splice(text: string, at: number, junk: string): string {
  const index = at % (text.length + 1);
  return text.slice(0, index) + junk + text.slice(index + 1);
}
