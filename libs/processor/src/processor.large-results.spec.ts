import type { Handler } from '@streamer/handler-api';
import { joinResult, MAX_MESSAGE_BYTES, type ResultChunkMessage, serialize, type ServerMessage } from '@streamer/protocol';
import { createHarness } from './test-support/harness';

/** A result of about `bytes` bytes of JSON. */
function rows(bytes: number): { rows: string[] } {
  return { rows: Array.from({ length: Math.ceil(bytes / 1000) }, (_, n) => `${n}:`.padEnd(990, 'é"')) };
}

const returning = (value: unknown): Handler => ({ processAsync: async () => value });
const chunksOf = (messages: ServerMessage[]): ResultChunkMessage[] => messages.filter((m): m is ResultChunkMessage => m.type === 'result-chunk');

describe('processor: results over one message', () => {
  it('stores a 1 MB result in pieces, completes the request with their shape and sends them in order under the message limit', async () => {
    const value = rows(1_000_000);
    const h = createHarness({ big: returning(value) });
    const request = await h.enqueue('big');

    await expect(h.processor.processRequest(request.requestId)).resolves.toMatchObject({ disposition: 'completed' });

    const stored = await h.status(request.requestId);
    expect(stored).toMatchObject({ status: 'completed', resultChunks: { count: expect.any(Number), bytes: expect.any(Number) } });
    expect(stored.result).toBeUndefined();
    const sent = h.sender.messagesTo('conn-1');
    expect(sent.every((m) => m.type === 'result-chunk')).toBe(true);
    const chunks = chunksOf(sent);
    expect(chunks.map((m) => m.chunk.index)).toEqual([...Array(stored.resultChunks?.count).keys()]);
    for (const message of chunks) expect(Buffer.byteLength(serialize(message))).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    expect(chunks.every((m) => m.id === request.clientId && m.requestId === request.requestId)).toBe(true);
    const shape = chunks[0]?.chunk;
    expect(joinResult(stored.resultChunks ?? { count: 0, bytes: 0, crc32: 0 }, chunks.map((m) => m.data))).toEqual({ ok: true, value });
    const fromStore = await Promise.all(chunks.map((_, index) => h.stores.requests.resultChunk(request.requestId, index)));
    expect(fromStore).toEqual(chunks.map((m) => m.data));
    expect(shape).toMatchObject(stored.resultChunks ?? {});
  });

  it('keeps a result that fits one message a single `result`', async () => {
    const h = createHarness({ small: returning(rows(60_000)) });
    const request = await h.enqueue('small');
    await h.processor.processRequest(request.requestId);
    expect(h.sender.messagesTo('conn-1').map((m) => m.type)).toEqual(['result']);
    expect((await h.status(request.requestId)).resultChunks).toBeUndefined();
  });

  it('fails a result over the ceiling with RESULT_TOO_LARGE, not retried, and tells the client once', async () => {
    const h = createHarness({ huge: returning(rows(300_000)) }, { maxResultBytes: 200_000 });
    const request = await h.enqueue('huge');

    await expect(h.processor.processRequest(request.requestId)).resolves.toMatchObject({ disposition: 'failed' });

    const error = { code: 'RESULT_TOO_LARGE', message: expect.stringMatching(/^Result is \d+ bytes; the limit is 200000 bytes$/), retryable: false };
    expect(await h.status(request.requestId)).toMatchObject({ status: 'failed', error });
    expect(h.retryQueue.history).toEqual([]);
    expect(h.sender.messagesTo('conn-1')).toEqual([{ id: request.clientId, type: 'error', success: false, error }]);
  });

  it('stops sending pieces to a socket that is gone; the stored result waits for `status`', async () => {
    const h = createHarness({ big: returning(rows(400_000)) });
    const request = await h.enqueue('big');
    h.sender.gone.add('conn-1');

    await expect(h.processor.processRequest(request.requestId)).resolves.toMatchObject({ disposition: 'completed' });
    expect(h.sender.sent).toEqual([]);
    const stored = await h.status(request.requestId);
    expect(await h.stores.requests.resultChunk(request.requestId, (stored.resultChunks?.count ?? 0) - 1)).toEqual(expect.any(String));
  });

  it('refuses a ceiling that is not a positive integer', () => {
    expect(() => createHarness({}, { maxResultBytes: 0 })).toThrow('maxResultBytes must be an integer ≥ 1, got 0');
  });
});
