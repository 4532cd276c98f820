import { InvalidMessageError } from './errors';
import { MAX_MESSAGE_BYTES } from './limits';
import { type ClientParseReason, parseClientMessage } from './parse';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const frame = (fields: Record<string, unknown>): string => JSON.stringify(fields);

function rejection(raw: string | Uint8Array): { reason: ClientParseReason; id: string | null; message: string } {
  const parsed = parseClientMessage(raw);
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.message)}`);
  expect(parsed.error).toBeInstanceOf(InvalidMessageError);
  expect(parsed.error.code).toBe('INVALID_REQUEST');
  return { reason: parsed.error.reason, id: parsed.error.id, message: parsed.error.message };
}

/** A valid frame whose UTF-8 encoding is exactly `bytes` long, padded with `filler` (1–4 bytes each). */
function frameOfBytes(bytes: number, filler = 'a'): string {
  const base = frame({ id: 'c-1', action: 'echo', payload: { text: '' } });
  const fillerBytes = encode(filler).byteLength;
  const room = bytes - encode(base).byteLength;
  const text = filler.repeat(Math.floor(room / fillerBytes)) + 'a'.repeat(room % fillerBytes);
  return frame({ id: 'c-1', action: 'echo', payload: { text } });
}

describe('parseClientMessage: valid frames', () => {
  it('accepts the SPEC example and keeps only id, action and payload', () => {
    const parsed = parseClientMessage(frame({ id: 'c-42', action: 'generate_report', payload: { recordCount: 5000 }, extra: 1 }));
    expect(parsed).toEqual({ ok: true, message: { id: 'c-42', action: 'generate_report', payload: { recordCount: 5000 } } });
  });

  it('omits payload when the frame has none', () => {
    const parsed = parseClientMessage(frame({ id: 'c-1', action: 'ping' }));
    expect(parsed.ok && parsed.message).toStrictEqual({ id: 'c-1', action: 'ping' });
  });

  it('accepts bytes as well as text', () => {
    expect(parseClientMessage(encode(frame({ id: 'a', action: 'ping' }))).ok).toBe(true);
  });

  it.each([
    ['subscribe', { topic: 'announcements' }],
    ['subscribe', { topic: 'announcements', since: 0 }],
    ['subscribe', { topic: 'announcements', since: 41 }],
    ['unsubscribe', { topic: 'tenant:acme/reports' }],
    ['status', { requestId: '01J0000000000000000000000' }],
    ['cancel', { requestId: '01J0000000000000000000000' }],
  ])('accepts built-in %s with its payload', (action, payload) => {
    expect(parseClientMessage(frame({ id: 'c-1', action, payload }))).toEqual({ ok: true, message: { id: 'c-1', action, payload } });
  });
});

describe('parseClientMessage: frame size in UTF-8 bytes, checked before parsing', () => {
  it('accepts exactly 128 KiB and rejects one byte more', () => {
    expect(parseClientMessage(frameOfBytes(MAX_MESSAGE_BYTES)).ok).toBe(true);
    expect(rejection(frameOfBytes(MAX_MESSAGE_BYTES + 1)).reason).toBe('too-large');
  });

  it.each([['é (2 bytes)', 'é'], ['€ (3 bytes)', '€'], ['😀 (4 bytes)', '😀']])('counts %s in bytes, not characters', (_, filler) => {
    const atLimit = frameOfBytes(MAX_MESSAGE_BYTES, filler);
    expect(atLimit.length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(parseClientMessage(atLimit).ok).toBe(true);
    expect(rejection(frameOfBytes(MAX_MESSAGE_BYTES + 1, filler)).reason).toBe('too-large');
  });

  it('applies the same limit to byte input', () => {
    expect(parseClientMessage(encode(frameOfBytes(MAX_MESSAGE_BYTES, '€'))).ok).toBe(true);
    expect(rejection(encode(frameOfBytes(MAX_MESSAGE_BYTES + 1, '€'))).reason).toBe('too-large');
  });

  it('reports an oversized frame as too-large even when it is not JSON', () => {
    expect(rejection('x'.repeat(MAX_MESSAGE_BYTES + 1)).reason).toBe('too-large');
    expect(rejection(new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0xff)).reason).toBe('too-large');
  });
});

describe('parseClientMessage: rejections', () => {
  it.each<[string, string | Uint8Array, ClientParseReason]>([
    ['invalid UTF-8 bytes', new Uint8Array([0x7b, 0xc3, 0x28, 0x7d]), 'bad-encoding'],
    ['an unpaired surrogate encoded in bytes', new Uint8Array([0xed, 0xa0, 0x80]), 'bad-encoding'],
    ['a truncated sequence', new Uint8Array([0xe2, 0x82]), 'bad-encoding'],
    ['text that is not JSON', '{"id": "a",', 'not-json'],
    ['an empty frame', '', 'not-json'],
    ['a byte-order mark before the JSON', '\uFEFF{"id":"a","action":"ping"}', 'not-json'],
    ['an array', '[{"id":"a","action":"ping"}]', 'not-object'],
    ['null', 'null', 'not-object'],
    ['a string', '"ping"', 'not-object'],
    ['a number', '42', 'not-object'],
    ['objects nested 65 levels deep', `{"id":"a","action":"x","payload":${'{"a":'.repeat(64)}1${'}'.repeat(64)}}`, 'too-deep'],
    ['arrays nested 60 000 levels deep', '['.repeat(60_000) + ']'.repeat(60_000), 'too-deep'],
  ])('rejects %s', (_, raw, reason) => {
    expect(rejection(raw)).toMatchObject({ reason, id: null });
  });

  it('treats a BOM in bytes like a BOM in text', () => {
    expect(rejection(encode('\uFEFF{"id":"a","action":"ping"}')).reason).toBe('not-json');
  });

  it('accepts 64 levels of nesting, counting brackets inside strings as text', () => {
    const payload = `${'{"a":'.repeat(63)}"[[[{{{\\"]]"${'}'.repeat(63)}`;
    expect(parseClientMessage(`{"id":"a","action":"x","payload":${payload}}`).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, ClientParseReason]>([
    ['missing id', { action: 'ping' }, 'missing-id'],
    ['null id', { id: null, action: 'ping' }, 'bad-id'],
    ['numeric id', { id: 42, action: 'ping' }, 'bad-id'],
    ['empty id', { id: '', action: 'ping' }, 'bad-id'],
    ['id with a space', { id: 'c 1', action: 'ping' }, 'bad-id'],
    ['id with a slash', { id: 'c/1', action: 'ping' }, 'bad-id'],
    ['id of 129 chars', { id: 'a'.repeat(129), action: 'ping' }, 'bad-id'],
  ])('rejects a %s without echoing it', (_, fields, reason) => {
    expect(rejection(frame(fields))).toMatchObject({ reason, id: null });
  });

  it('accepts an id of 128 chars of every allowed character class', () => {
    const id = 'Az09._:-'.repeat(16);
    expect(id).toHaveLength(128);
    expect(parseClientMessage(frame({ id, action: 'ping' })).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, ClientParseReason]>([
    ['missing action', { id: 'c-7' }, 'missing-action'],
    ['numeric action', { id: 'c-7', action: 1 }, 'bad-action'],
    ['empty action', { id: 'c-7', action: '' }, 'bad-action'],
    ['action of 65 chars', { id: 'c-7', action: 'a'.repeat(65) }, 'bad-action'],
    ['action with a space', { id: 'c-7', action: 'do it' }, 'bad-action'],
    ['array payload', { id: 'c-7', action: 'echo', payload: [1] }, 'bad-payload'],
    ['null payload', { id: 'c-7', action: 'echo', payload: null }, 'bad-payload'],
    ['string payload', { id: 'c-7', action: 'echo', payload: 'x' }, 'bad-payload'],
    ['subscribe without topic', { id: 'c-7', action: 'subscribe' }, 'bad-payload'],
    ['subscribe with a numeric topic', { id: 'c-7', action: 'subscribe', payload: { topic: 1 } }, 'bad-payload'],
    ['subscribe with a negative since', { id: 'c-7', action: 'subscribe', payload: { topic: 't', since: -1 } }, 'bad-payload'],
    ['subscribe with a fractional since', { id: 'c-7', action: 'subscribe', payload: { topic: 't', since: 1.5 } }, 'bad-payload'],
    ['subscribe with a string since', { id: 'c-7', action: 'subscribe', payload: { topic: 't', since: '3' } }, 'bad-payload'],
    ['subscribe with an unsafe since', { id: 'c-7', action: 'subscribe', payload: { topic: 't', since: 2 ** 53 } }, 'bad-payload'],
    ['unsubscribe with an empty topic', { id: 'c-7', action: 'unsubscribe', payload: { topic: '' } }, 'bad-payload'],
    ['status without requestId', { id: 'c-7', action: 'status', payload: {} }, 'bad-payload'],
    ['cancel with a malformed requestId', { id: 'c-7', action: 'cancel', payload: { requestId: 'a b' } }, 'bad-payload'],
  ])('rejects a %s and keeps the id for the reply', (_, fields, reason) => {
    expect(rejection(frame(fields))).toMatchObject({ reason, id: 'c-7' });
  });

  it('accepts an action of 64 chars', () => {
    expect(parseClientMessage(frame({ id: 'a', action: 'Az09_.:-'.repeat(8) })).ok).toBe(true);
  });

  it('reads only own fields, never inherited ones', () => {
    expect(rejection('{"action":"ping","__proto__":{"id":"c-1"}}').reason).toBe('missing-id');
    expect(rejection('{"id":"c-1","action":"subscribe","payload":{"__proto__":{"topic":"t"}}}').reason).toBe('bad-payload');
  });
});

describe('parseClientMessage: prototype pollution', () => {
  afterEach(() => {
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['__proto__ in the payload', '{"id":"c-1","action":"x","payload":{"__proto__":{"polluted":true}}}', 'payload.__proto__'],
    ['__proto__ deep inside an array', '{"id":"c-1","action":"x","payload":{"a":[{"__proto__":{"polluted":1}}]}}', 'payload.a[0].__proto__'],
    ['constructor.prototype', '{"id":"c-1","action":"x","payload":{"constructor":{"prototype":{"polluted":1}}}}', 'payload.constructor.prototype'],
  ])('rejects %s as bad-payload, naming where', (_, raw, path) => {
    const { reason, id, message } = rejection(raw);
    expect({ reason, id }).toEqual({ reason: 'bad-payload', id: 'c-1' });
    expect(message).toContain(path);
  });

  it('allows harmless keys named constructor or prototype', () => {
    const payload = { constructor: 'Williams', prototype: { constructor: 'x' } };
    expect(parseClientMessage(frame({ id: 'c-1', action: 'x', payload }))).toEqual({ ok: true, message: { id: 'c-1', action: 'x', payload } });
  });

  it('drops a top-level __proto__ key instead of copying it', () => {
    const parsed = parseClientMessage('{"id":"c-1","action":"x","__proto__":{"polluted":1}}');
    expect(parsed.ok && Object.keys(parsed.message)).toEqual(['id', 'action']);
    expect(parsed.ok && Object.getPrototypeOf(parsed.message)).toBe(Object.prototype);
  });
});

describe('parseClientMessage: input that is neither text nor bytes', () => {
  it.each([undefined, null, 42, {}])('answers %p with not-json instead of throwing', (raw) => {
    expect(rejection(raw as unknown as string).reason).toBe('not-json');
  });

  it('reads any byte view, such as a DataView window', () => {
    const bytes = encode('xx{"id":"a","action":"ping"}yy');
    const view = new DataView(bytes.buffer, 2, bytes.byteLength - 4);
    expect(parseClientMessage(view as unknown as Uint8Array).ok).toBe(true);
  });
});
