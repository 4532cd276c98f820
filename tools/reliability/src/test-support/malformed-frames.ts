// Generators of frames a client must never get through: each comes with what the gateway and the
// router owe it — a typed `error` (with the correlation id when one can be recovered, else null), or
// the close API Gateway gives a message over 128 KiB (1009). Every frame is malformed by
// construction, so none of them can legitimately be answered with a `pong`, an `ack` or a `result`.
import fc from 'fast-check';
import { MAX_MESSAGE_BYTES, MAX_NESTING_DEPTH } from '@streamer/protocol';

export type Category =
  | 'invalid-json'
  | 'not-an-object'
  | 'wrong-types'
  | 'bad-payload'
  | 'unknown-action'
  | 'huge-id'
  | 'deep-nesting'
  | 'non-utf8-binary'
  | 'binary-garbage'
  | 'size-edge';

export interface MalformedFrame {
  category: Category;
  data: string | Buffer;
  binary: boolean;
  /**
   * `error`: a typed INVALID_REQUEST whose id is `id`; `close-1009` / `close-1003`: the socket is closed
   * with 1009 (message over 128 KiB) or 1003 (any binary frame: API Gateway refuses them,
   * https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html).
   */
  expect: { kind: 'error'; id: string | null } | { kind: 'close-1009' } | { kind: 'close-1003' };
}

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._:-';
const idChar = fc.constantFrom(...ID_CHARS.split(''));
/** A correlation id the protocol accepts (1–128 chars of [A-Za-z0-9._:-]). */
export const validId = fc.string({ unit: idChar, minLength: 1, maxLength: 40 }).map((s) => `f-${s}`);
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

function errorFrame(category: Category, data: string, id: string | null, binary = false): MalformedFrame {
  if (binary) return { category, data: Buffer.from(data, 'utf8'), binary, expect: { kind: 'close-1003' } };
  return { category, data, binary, expect: { kind: 'error', id } };
}

/** Text JSON.parse refuses: random text, and truncated or corrupted requests. */
const invalidJson = fc
  .oneof(
    fc.string({ maxLength: 300 }),
    fc.string({ unit: 'grapheme', maxLength: 100 }),
    fc.tuple(validId, fc.nat(40)).map(([id, cut]) => JSON.stringify({ id, action: 'ping' }).slice(0, -(cut % 20) - 1)),
    fc.tuple(validId, fc.constantFrom('{', '"', ',', ':', ']', "'", '\\', 'NaN', 'undefined')).map(([id, junk]) => `{"id":"${id}"${junk},"action":"ping"}`),
    fc.constantFrom('{"id":"a","action":"ping",}', "{'id':'a','action':'ping'}", '{"id":"a" "action":"ping"}', '\u0000', ' '),
  )
  .filter((text) => !parses(text))
  .map((text) => errorFrame('invalid-json', text, null));

/** JSON that is not an object: arrays, strings, numbers, booleans, null. */
const notAnObject = fc
  .oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null))
  .map((value) => errorFrame('not-an-object', JSON.stringify(value), null));

const wrongType = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }));

/** id, action or payload of the wrong type (or missing): the id is echoed only when it is valid. */
const wrongTypes = fc.oneof(
  fc.record({ id: wrongType, action: fc.constantFrom('ping', 'echo', 'status') }).map((f) => errorFrame('wrong-types', JSON.stringify(f), null)),
  fc.record({ action: fc.constantFrom('ping', 'echo') }).map((f) => errorFrame('wrong-types', JSON.stringify(f), null)),
  fc.tuple(validId, wrongType).map(([id, action]) => errorFrame('wrong-types', JSON.stringify({ id, action }), id)),
  validId.map((id) => errorFrame('wrong-types', JSON.stringify({ id }), id)),
  fc
    .tuple(validId, fc.constantFrom('ping', 'echo', 'generate_report', 'status'), fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.integer()), fc.constant(null)))
    .map(([id, action, payload]) => errorFrame('wrong-types', JSON.stringify({ id, action, payload }), id)),
);

/** Well-formed frames whose payload the built-ins or the handlers' schemas refuse. */
const badPayload = fc.oneof(
  fc
    .tuple(validId, fc.constantFrom('status', 'cancel'), fc.oneof(fc.integer(), fc.constant(''), fc.string({ minLength: 129, maxLength: 200 }), fc.constant('has space')))
    .map(([id, action, requestId]) => errorFrame('bad-payload', JSON.stringify({ id, action, payload: { requestId } }), id)),
  fc
    .tuple(validId, fc.constantFrom('subscribe', 'unsubscribe'), fc.oneof(fc.integer(), fc.constant(''), fc.constant('a b'), fc.constant('x'.repeat(257))))
    .map(([id, action, topic]) => errorFrame('bad-payload', JSON.stringify({ id, action, payload: { topic } }), id)),
  fc
    .tuple(validId, fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 1_000_001 }), fc.string({ maxLength: 5 }), fc.double({ min: 1.1, max: 99.9, noNaN: true })))
    .map(([id, recordCount]) => errorFrame('bad-payload', JSON.stringify({ id, action: 'generate_report', payload: { recordCount } }), id)),
  fc
    .tuple(validId, fc.oneof(fc.integer({ min: 21 }), fc.integer({ max: -1 }), fc.constant('many')))
    .map(([id, failures]) => errorFrame('bad-payload', JSON.stringify({ id, action: 'flaky', payload: { failures } }), id)),
  fc
    .tuple(validId, fc.constantFrom('{"__proto__":{"polluted":true}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"a":[{"__proto__":1}]}'))
    .map(([id, payload]) => errorFrame('bad-payload', `{"id":"${id}","action":"echo","payload":${payload}}`, id)),
);

/** Action names that match the pattern but name nothing, or break the pattern. */
const unknownAction = fc.oneof(
  fc.tuple(validId, fc.string({ unit: idChar, minLength: 1, maxLength: 30 })).map(([id, name]) => errorFrame('unknown-action', JSON.stringify({ id, action: `zz-${name}` }), id)),
  fc.tuple(validId, fc.constantFrom('', 'a b', 'x'.repeat(65), 'ümlaut', '$connect', '../admin')).map(([id, action]) => errorFrame('unknown-action', JSON.stringify({ id, action }), id)),
);

/** Correlation ids past 128 characters (or outside the alphabet): nothing can be echoed back. */
const hugeId = fc.oneof(
  fc.integer({ min: 129, max: 100_000 }).map((n) => errorFrame('huge-id', JSON.stringify({ id: 'i'.repeat(n), action: 'ping' }), null)),
  fc.constantFrom('a b', 'ümlaut', '<script>', 'x\ny').map((id) => errorFrame('huge-id', JSON.stringify({ id, action: 'ping' }), null)),
);

/** Objects and arrays nested past the protocol's limit, up to what fits in a frame. */
const deepNesting = fc
  .tuple(validId, fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom('[', '{"a":'))
  .map(([id, share, open]) => {
    const close = open === '[' ? ']' : '}';
    const most = Math.floor((MAX_MESSAGE_BYTES - 200) / (open.length + close.length));
    const depth = MAX_NESTING_DEPTH + Math.floor(share * (most - MAX_NESTING_DEPTH));
    const nested = `${open.repeat(depth)}1${close.repeat(depth)}`;
    return errorFrame('deep-nesting', `{"id":"${id}","action":"echo","payload":{"n":${nested}}}`, null);
  });

/** Binary frames that are not UTF-8: random bytes, and a valid request with one byte broken. */
const nonUtf8Binary = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 2_000 }).filter((b) => !isUtf8(b)),
  fc.tuple(validId, fc.nat(), fc.constantFrom(0xff, 0xfe, 0xc0, 0x80, 0xed)).map(([id, at, byte]) => {
    const frame = Buffer.from(JSON.stringify({ id, action: 'ping' }), 'utf8');
    frame[at % frame.length] = byte;
    return frame;
  }),
)
  .filter((b) => !isUtf8(b))
  .map((data): MalformedFrame => ({ category: 'non-utf8-binary', data: Buffer.from(data), binary: true, expect: { kind: 'close-1003' } }));

/** Binary frames holding text that is still no valid request. */
const binaryGarbage = fc
  .oneof(invalidJson, notAnObject, wrongTypes, unknownAction)
  .map((frame): MalformedFrame => ({ category: 'binary-garbage', data: Buffer.from(frame.data), binary: true, expect: { kind: 'close-1003' } }));

/** Frames of exactly 128 KiB − 1, 128 KiB and 128 KiB + 1 bytes, text and binary. */
const sizeEdge = fc.tuple(validId, fc.constantFrom(-1, 0, 1), fc.boolean(), fc.constantFrom('unknown', 'not-json')).map(([id, delta, binary, shape]) => {
  const size = MAX_MESSAGE_BYTES + delta;
  const head = shape === 'unknown' ? `{"id":"${id}","action":"zz-oversize","payload":{"pad":"` : `{"id":"${id}","action":"echo","payload":{"pad":"`;
  const tail = shape === 'unknown' ? '"}}' : '"}';
  const data = `${head}${'x'.repeat(size - bytes(head) - bytes(tail))}${tail}`;
  if (binary) return { category: 'size-edge' as const, data: Buffer.from(data), binary, expect: { kind: 'close-1003' as const } };
  if (delta > 0) return { category: 'size-edge' as const, data, binary, expect: { kind: 'close-1009' as const } };
  return errorFrame('size-edge', data, shape === 'unknown' ? id : null, binary);
});

export const malformedFrame: fc.Arbitrary<MalformedFrame> = fc.oneof(
  { arbitrary: invalidJson, weight: 3 },
  { arbitrary: notAnObject, weight: 1 },
  { arbitrary: wrongTypes, weight: 3 },
  { arbitrary: badPayload, weight: 2 },
  { arbitrary: unknownAction, weight: 2 },
  { arbitrary: hugeId, weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: nonUtf8Binary, weight: 2 },
  { arbitrary: binaryGarbage, weight: 2 },
  { arbitrary: sizeEdge, weight: 1 },
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function isUtf8(data: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}
