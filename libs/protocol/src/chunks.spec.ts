import { chunkResult, crc32, DEFAULT_MAX_RESULT_BYTES, joinResult } from './chunks';
import { ResultTooLargeError } from './errors';
import { errorFrom, resultChunk } from './replies';
import { serialize } from './frame';
import { MAX_MESSAGE_BYTES } from './limits';
import { parseClientMessage, parseServerMessage } from './parse';

/** Rows whose text is full of characters JSON escapes or writes in several UTF-8 bytes. */
function awkwardRows(count: number): unknown[] {
  return Array.from({ length: count }, (_, n) => ({ n, quote: '"\\"', emoji: '😀é€', ctrl: '\u0001\n', text: 'x'.repeat(n % 50) }));
}

describe('chunkResult / joinResult', () => {
  it('cuts a 1 MB result into result-chunk messages under the message limit that join back to it', () => {
    const value = { rows: awkwardRows(10_000) };
    const { chunks, pieces } = chunkResult(value);
    expect(chunks.bytes).toBeGreaterThan(1_000_000);
    expect(chunks.count).toBe(pieces.length);
    expect(chunks.count).toBeGreaterThan(7);
    const received = pieces.map((data, index) => {
      const frame = serialize(resultChunk('c-'.padEnd(128, 'x'), 'r'.repeat(128), chunks, index, data));
      expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
      const parsed = parseServerMessage(frame);
      if (!parsed.ok || parsed.message.type !== 'result-chunk') throw new Error('not a result-chunk');
      expect(parsed.message.chunk).toEqual({ ...chunks, index });
      return parsed.message.data;
    });
    expect(joinResult(chunks, received)).toEqual({ ok: true, value });
  });

  it('never splits a surrogate pair', () => {
    const { pieces } = chunkResult('😀'.repeat(100), DEFAULT_MAX_RESULT_BYTES, 40);
    expect(pieces.length).toBeGreaterThan(5);
    for (const piece of pieces) expect(piece).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
  });

  it('keeps a small result in one piece', () => {
    expect(chunkResult({ ok: true })).toEqual({ chunks: { count: 1, bytes: 11, crc32: crc32('{"ok":true}') }, pieces: ['{"ok":true}'] });
  });

  it('refuses a result over the ceiling with RESULT_TOO_LARGE, never retryable', () => {
    const attempt = () => chunkResult('x'.repeat(2000), 1000);
    expect(attempt).toThrow(ResultTooLargeError);
    try {
      attempt();
    } catch (err) {
      expect(errorFrom('c-1', err).error).toEqual({ code: 'RESULT_TOO_LARGE', message: 'Result is 2002 bytes; the limit is 1000 bytes', retryable: false });
    }
  });

  it('reports a missing piece, a wrong size, a checksum mismatch and broken JSON', () => {
    const { chunks, pieces } = chunkResult({ rows: awkwardRows(200) }, DEFAULT_MAX_RESULT_BYTES, 2000);
    expect(joinResult(chunks, pieces.slice(1))).toMatchObject({ ok: false, reason: 'count' });
    expect(joinResult(chunks, [pieces[0] + 'x', ...pieces.slice(1)])).toMatchObject({ ok: false, reason: 'size' });
    const swapped = [pieces[1] as string, pieces[0] as string, ...pieces.slice(2)];
    expect(joinResult(chunks, swapped)).toMatchObject({ ok: false, reason: 'checksum' });
    const text = '{"a":';
    expect(joinResult({ count: 1, bytes: 5, crc32: crc32(text) }, [text])).toMatchObject({ ok: false, reason: 'json' });
  });

  it('computes the IEEE CRC-32 (the standard check value)', () => {
    expect(crc32('123456789')).toBe(0xcbf43926);
    expect(crc32('')).toBe(0);
  });
});

describe('status paging on the wire', () => {
  it('accepts `status` with a chunk index and refuses a negative or fractional one', () => {
    expect(parseClientMessage('{"id":"c-1","action":"status","payload":{"requestId":"r-1","chunk":3}}').ok).toBe(true);
    for (const chunk of [-1, 1.5, '2']) {
      const parsed = parseClientMessage(JSON.stringify({ id: 'c-1', action: 'status', payload: { requestId: 'r-1', chunk } }));
      expect(parsed).toMatchObject({ ok: false, error: { reason: 'bad-payload' } });
    }
  });

  it('refuses a result-chunk without its position or with non-string data', () => {
    const good = { id: 'c-1', type: 'result-chunk', requestId: 'r-1', chunk: { index: 0, count: 1, bytes: 2, crc32: 1 }, data: '{}' };
    expect(parseServerMessage(JSON.stringify(good)).ok).toBe(true);
    for (const bad of [{ ...good, chunk: { index: 0, count: 0, bytes: 2, crc32: 1 } }, { ...good, data: {} }, { ...good, chunk: undefined }]) {
      expect(parseServerMessage(JSON.stringify(bad))).toMatchObject({ ok: false, error: { reason: 'bad-field', id: 'c-1' } });
    }
  });
});
