import fc from 'fast-check';
import { FrameTooLargeError, ProtocolError, SerializationError } from './errors';
import { decodeUtf8, exceedsDepth, findPollutingKey, own, serialize, utf8ByteLength } from './frame';
import { MAX_MESSAGE_BYTES } from './limits';
import { event, result } from './replies';

/** A result whose serialised frame is exactly `bytes` UTF-8 bytes, padded with `filler`. */
function resultOfBytes(bytes: number, filler = 'a'): ReturnType<typeof result<string>> {
  const base = serialize(result('c-1', ''));
  const fillerBytes = new TextEncoder().encode(filler).byteLength;
  const room = bytes - base.length;
  return result('c-1', filler.repeat(Math.floor(room / fillerBytes)) + 'a'.repeat(room % fillerBytes));
}

describe('serialize', () => {
  it('writes the JSON text of a message', () => {
    expect(serialize({ id: 'c-1', type: 'pong' })).toBe('{"id":"c-1","type":"pong"}');
    expect(serialize({ id: 'c-1', action: 'ping' })).toBe('{"id":"c-1","action":"ping"}');
  });

  it('allows exactly 128 KiB and refuses one byte more', () => {
    expect(new TextEncoder().encode(serialize(resultOfBytes(MAX_MESSAGE_BYTES))).byteLength).toBe(MAX_MESSAGE_BYTES);
    expect(() => serialize(resultOfBytes(MAX_MESSAGE_BYTES + 1))).toThrow(FrameTooLargeError);
  });

  it('measures multi-byte characters in bytes', () => {
    const atLimit = resultOfBytes(MAX_MESSAGE_BYTES, '😀');
    expect(serialize(atLimit).length).toBeLessThan(MAX_MESSAGE_BYTES);
    expect(() => serialize(resultOfBytes(MAX_MESSAGE_BYTES + 1, '😀'))).toThrow(FrameTooLargeError);
  });

  it('reports the size and limit of a refused frame', () => {
    const tooBig = resultOfBytes(MAX_MESSAGE_BYTES + 10, 'é');
    try {
      serialize(tooBig);
      throw new Error('expected FrameTooLargeError');
    } catch (err) {
      expect(err).toBeInstanceOf(FrameTooLargeError);
      expect(err).toMatchObject({ bytes: MAX_MESSAGE_BYTES + 10, limit: MAX_MESSAGE_BYTES, code: 'INVALID_REQUEST', retryable: false });
    }
  });

  it('refuses circular data with a typed error that keeps the cause', () => {
    const data: Record<string, unknown> = {};
    data['self'] = data;
    const attempt = (): string => serialize(result('c-1', data));
    expect(attempt).toThrow(SerializationError);
    try {
      attempt();
    } catch (err) {
      expect((err as SerializationError).cause).toBeInstanceOf(TypeError);
    }
  });

  it('refuses BigInt with a typed error', () => {
    expect(() => serialize(event('t', { total: BigInt(1) }))).toThrow(SerializationError);
    expect(() => serialize(event('t', { total: BigInt(1) }))).toThrow(ProtocolError);
  });

  it('refuses data nested deeper than the peer would accept', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 64; level++) deep = [deep]; // frame + 64 arrays = 65 levels
    expect(() => serialize(event('t', deep))).toThrow(SerializationError);
    expect(() => serialize(event('t', (deep as unknown[])[0]))).not.toThrow();
  });

  it('refuses a message whose toJSON yields nothing', () => {
    const message = { id: 'c-1', type: 'pong', toJSON: () => undefined } as unknown as Parameters<typeof serialize>[0];
    expect(() => serialize(message)).toThrow(SerializationError);
  });
});

describe('exceedsDepth', () => {
  it.each([
    ['1', 0, false],
    ['{}', 1, false],
    ['{}', 0, true],
    ['[[],[[]]]', 3, false],
    ['[[],[[]]]', 2, true],
    ['["[[[[", "\\"[[[["]', 1, false],
    ['{"a\\\\":[["x"]]}', 2, true],
  ])('%s with limit %i → %p', (text, limit, expected) => {
    expect(exceedsDepth(text, limit)).toBe(expected);
  });
});

describe('findPollutingKey', () => {
  it('finds __proto__ at any depth and reports its path', () => {
    expect(findPollutingKey(JSON.parse('{"a":{"b":[0,{"__proto__":1}]}}'), 'payload')).toBe('payload.a.b[1].__proto__');
  });

  it('finds prototype only under constructor', () => {
    expect(findPollutingKey({ constructor: { prototype: {} } })).toBe('.constructor.prototype');
    expect(findPollutingKey({ prototype: {}, constructor: 'x' })).toBeNull();
    expect(findPollutingKey([{ prototype: 1 }])).toBeNull();
  });

  it('returns null for primitives', () => {
    expect(findPollutingKey('__proto__')).toBeNull();
    expect(findPollutingKey(null)).toBeNull();
  });
});

describe('own', () => {
  it('ignores inherited properties', () => {
    expect(own({}, 'constructor')).toBeUndefined();
    expect(own({ constructor: 1 }, 'constructor')).toBe(1);
  });
});

describe('utf8ByteLength', () => {
  it.each([
    ['', 0],
    ['a', 1],
    ['é', 2],
    ['€', 3],
    ['😀', 4],
    ['\uD800', 3],
    ['\uDC00x', 4],
    ['\uD800\uD800', 6],
  ])('counts %p as %i bytes', (text, bytes) => {
    expect(utf8ByteLength(text)).toBe(bytes);
  });

  it('agrees with TextEncoder for any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).byteLength);
      }),
      { numRuns: 2000 },
    );
  });

  it('stops counting once past the given bound', () => {
    const counted = utf8ByteLength('a'.repeat(1000), 10);
    expect(counted).toBeGreaterThan(10);
    expect(counted).toBeLessThan(1000);
  });
});

describe('decodeUtf8', () => {
  it('decodes valid UTF-8 and keeps a byte-order mark', () => {
    expect(decodeUtf8(new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0xe2, 0x82, 0xac]))).toBe('\uFEFFa€');
  });

  it.each([
    ['a lone continuation byte', [0x80]],
    ['an overlong encoding', [0xc0, 0xaf]],
    ['an encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
  ])('returns null for %s', (_, bytes) => {
    expect(decodeUtf8(new Uint8Array(bytes))).toBeNull();
  });
});
