import fc from 'fast-check';
import { decodeUtf8, utf8ByteLength } from './utf8';

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
