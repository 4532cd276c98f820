import { InvalidMessageError } from './errors';
import { MAX_MESSAGE_BYTES } from './limits';
import { parseServerMessage, type ServerParseReason } from './parse';

const frame = (fields: Record<string, unknown>): string => JSON.stringify(fields);

function rejection(raw: string | Uint8Array): { reason: ServerParseReason; id: string | null } {
  const parsed = parseServerMessage(raw);
  if (parsed.ok) throw new Error(`expected a rejection, got ${JSON.stringify(parsed.message)}`);
  expect(parsed.error).toBeInstanceOf(InvalidMessageError);
  return { reason: parsed.error.reason, id: parsed.error.id };
}

describe('parseServerMessage: the SPEC §2 messages', () => {
  it.each([
    { id: 'c-42', type: 'ack', requestId: '01JABC', status: 'queued' },
    { id: 'c-42', type: 'progress', requestId: '01JABC', progress: 0.75, message: 'Generating PDF…' },
    { id: 'c-42', type: 'progress', requestId: '01JABC', progress: 0 },
    { id: 'c-42', type: 'result', success: true, data: { url: 'https://example.com/r.pdf' } },
    { id: 'c-42', type: 'result', success: true, data: null },
    { id: 'c-42', type: 'error', success: false, error: { code: 'INVALID_REQUEST', message: 'bad', retryable: false } },
    { id: null, type: 'error', success: false, error: { code: 'INVALID_REQUEST', message: 'bad', retryable: false } },
    { id: 'c-9', type: 'error', success: false, error: { code: 'RATE_LIMITED', message: 'slow down', retryable: true, retryAfterMs: 250 } },
    { type: 'event', topic: 'announcements', data: { text: 'hello' } },
    { type: 'event', topic: 'announcements', seq: 42, publishedAt: 1764950400000, data: { text: 'hello' } },
    { id: 'c-1', type: 'pong' },
  ])('accepts $type', (message) => {
    expect(parseServerMessage(frame(message))).toEqual({ ok: true, message });
  });

  it('copies only the fields of the message type', () => {
    const parsed = parseServerMessage(
      frame({ id: 'c-1', type: 'error', success: false, extra: 1, error: { code: 'TIMEOUT', message: 'm', retryable: true, stack: 'x' } }),
    );
    expect(parsed.ok && parsed.message).toStrictEqual({
      id: 'c-1',
      type: 'error',
      success: false,
      error: { code: 'TIMEOUT', message: 'm', retryable: true },
    });
  });

  it('drops an id sent with an event', () => {
    const parsed = parseServerMessage(frame({ id: 'c-1', type: 'event', topic: 't', data: 1 }));
    expect(parsed.ok && parsed.message).toStrictEqual({ type: 'event', topic: 't', data: 1 });
  });

  it('accepts bytes', () => {
    expect(parseServerMessage(new TextEncoder().encode(frame({ id: 'c-1', type: 'pong' }))).ok).toBe(true);
  });
});

describe('parseServerMessage: rejections', () => {
  it.each<[string, string | Uint8Array, ServerParseReason]>([
    ['an oversized frame', 'x'.repeat(MAX_MESSAGE_BYTES + 1), 'too-large'],
    ['invalid UTF-8', new Uint8Array([0x80]), 'bad-encoding'],
    ['text that is not JSON', '{', 'not-json'],
    ['an array', '[]', 'not-object'],
    ['deep nesting', `{"type":"event","topic":"t","data":${'['.repeat(64)}${']'.repeat(64)}}`, 'too-deep'],
    ['a message without type or id', '{"data":1}', 'missing-type'],
    ['a message without id', '{"type":"pong"}', 'missing-id'],
    ['an error without id', '{"type":"error","success":false,"error":{"code":"TIMEOUT","message":"m","retryable":true}}', 'missing-id'],
    ['a pong with id null', '{"id":null,"type":"pong"}', 'bad-id'],
    ['an ack with a malformed id', '{"id":"c 1","type":"ack","requestId":"r","status":"queued"}', 'bad-id'],
  ])('rejects %s', (_, raw, reason) => {
    expect(rejection(raw)).toEqual({ reason, id: null });
  });

  it.each<[string, Record<string, unknown>, ServerParseReason]>([
    ['a message without type', {}, 'missing-type'],
    ['an unknown type', { type: 'hello' }, 'bad-type'],
    ['an ack with an unknown status', { type: 'ack', requestId: 'r', status: 'done' }, 'bad-field'],
    ['an ack without requestId', { type: 'ack', status: 'queued' }, 'bad-field'],
    ['progress above 1', { type: 'progress', requestId: 'r', progress: 1.01 }, 'bad-field'],
    ['progress below 0', { type: 'progress', requestId: 'r', progress: -0.01 }, 'bad-field'],
    ['progress as a string', { type: 'progress', requestId: 'r', progress: '0.5' }, 'bad-field'],
    ['progress with a numeric message', { type: 'progress', requestId: 'r', progress: 0.5, message: 5 }, 'bad-field'],
    ['a result without data', { type: 'result', success: true }, 'bad-field'],
    ['a result with success false', { type: 'result', success: false, data: 1 }, 'bad-field'],
    ['an error with success true', { type: 'error', success: true, error: { code: 'TIMEOUT', message: 'm', retryable: true } }, 'bad-field'],
    ['an error with an unknown code', { type: 'error', success: false, error: { code: 'TEAPOT', message: 'm', retryable: false } }, 'bad-field'],
    ['an error without retryable', { type: 'error', success: false, error: { code: 'TIMEOUT', message: 'm' } }, 'bad-field'],
    ['a negative retryAfterMs', { type: 'error', success: false, error: { code: 'RATE_LIMITED', message: 'm', retryable: true, retryAfterMs: -1 } }, 'bad-field'],
    ['an error that is a string', { type: 'error', success: false, error: 'TIMEOUT' }, 'bad-field'],
  ])('rejects %s and keeps the id so the pending request can fail', (_, fields, reason) => {
    expect(rejection(frame({ id: 'c-5', ...fields }))).toEqual({ reason, id: 'c-5' });
  });

  it.each<[string, Record<string, unknown>]>([
    ['an event without topic', { type: 'event', data: 1 }],
    ['an event with a malformed topic', { type: 'event', topic: 'a b', data: 1 }],
    ['an event without data', { type: 'event', topic: 't' }],
    ['an event with seq 0', { type: 'event', topic: 't', seq: 0, publishedAt: 1, data: 1 }],
    ['an event with a fractional seq', { type: 'event', topic: 't', seq: 1.5, publishedAt: 1, data: 1 }],
    ['an event with a string seq', { type: 'event', topic: 't', seq: '1', publishedAt: 1, data: 1 }],
    ['an event with seq but no publishedAt', { type: 'event', topic: 't', seq: 1, data: 1 }],
    ['an event with publishedAt but no seq', { type: 'event', topic: 't', publishedAt: 1, data: 1 }],
    ['an event with a negative publishedAt', { type: 'event', topic: 't', seq: 1, publishedAt: -1, data: 1 }],
  ])('rejects %s', (_, fields) => {
    expect(rejection(frame(fields))).toEqual({ reason: 'bad-field', id: null });
  });

  it('rejects polluting keys in result and event data', () => {
    expect(rejection('{"id":"c-1","type":"result","success":true,"data":{"__proto__":{"polluted":1}}}')).toEqual({ reason: 'bad-field', id: 'c-1' });
    expect(rejection('{"type":"event","topic":"t","data":[{"constructor":{"prototype":{}}}]}').reason).toBe('bad-field');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
