import { chunkResult } from '@streamer/protocol';
import { createFixture } from './test-support/fixture';

describe('router: status of a result in chunks', () => {
  async function completedInChunks() {
    const f = createFixture();
    const conn = await f.connect();
    const ack = await f.send(conn.connectionId, { id: 'c-1', action: 'queued' });
    const requestId = ack.type === 'ack' ? ack.requestId : '';
    const { chunks, pieces } = chunkResult({ rows: 'x'.repeat(300) }, 4_000_000, 100);
    await f.stores.requests.claim(requestId, { leaseMs: 60_000 });
    await f.stores.requests.putResultChunks(requestId, pieces, 2_000_000_000);
    await f.stores.requests.transition(requestId, ['processing'], 'completed', { resultChunks: chunks });
    return { f, conn, requestId, chunks, pieces };
  }

  it('says the result is in chunks, then serves each piece as a result-chunk', async () => {
    const { f, conn, requestId, chunks, pieces } = await completedInChunks();
    expect(await f.send(conn.connectionId, { id: 's-1', action: 'status', payload: { requestId } })).toEqual({
      id: 's-1',
      type: 'result',
      success: true,
      data: { requestId, status: 'completed', progress: 0, resultChunks: chunks },
    });
    for (const [index, data] of pieces.entries()) {
      const reply = await f.send(conn.connectionId, { id: `s-${index + 2}`, action: 'status', payload: { requestId, chunk: index } });
      expect(reply).toEqual({ id: `s-${index + 2}`, type: 'result-chunk', requestId, chunk: { ...chunks, index }, data });
    }
  });

  it('refuses a chunk past the last one, and a chunk of a result that is not in chunks', async () => {
    const { f, conn, requestId, chunks } = await completedInChunks();
    const past = await f.send(conn.connectionId, { id: 's-1', action: 'status', payload: { requestId, chunk: chunks.count } });
    expect(past).toMatchObject({ type: 'error', error: { code: 'INVALID_REQUEST', message: `payload.chunk must be below ${chunks.count}` } });
    const ack = await f.send(conn.connectionId, { id: 'c-2', action: 'queued' });
    const plain = ack.type === 'ack' ? ack.requestId : '';
    const none = await f.send(conn.connectionId, { id: 's-2', action: 'status', payload: { requestId: plain, chunk: 0 } });
    expect(none).toMatchObject({ type: 'error', error: { code: 'INVALID_REQUEST', message: 'The request has no result in chunks' } });
  });

  it('answers another user asking for a chunk NOT_FOUND, as for any request of someone else', async () => {
    const { f, requestId } = await completedInChunks();
    const stranger = await f.connect();
    const reply = await f.send(stranger.connectionId, { id: 's-1', action: 'status', payload: { requestId, chunk: 0 } });
    expect(reply).toMatchObject({ type: 'error', error: { code: 'NOT_FOUND' } });
  });
});
