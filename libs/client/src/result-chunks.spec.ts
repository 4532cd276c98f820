import { ack, chunkResult, type ClientMessage, crc32, error, result, resultChunk, type ResultChunkMessage, type StatusPayload } from '@streamer/protocol';
import { StreamerError } from './errors';
import { setup, track } from './test-support/harness';
import { type FakeConnection } from './testing';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const VALUE = { rows: Array.from({ length: 40 }, (_, n) => ({ n, text: `row ${n} "é😀"` })) };
/** VALUE cut into pieces of at most 200 bytes (the rule is the server's; the size is small for the test). */
const CUT = chunkResult(VALUE, 4_000_000, 200);

/** A server that acks `job` as r-1, sends the chunks `live` (in that order), and serves `status`. */
function chunkServer(live: (pieces: ResultChunkMessage[]) => ResultChunkMessage[], cut = CUT) {
  const served: number[] = [];
  const handler = (message: ClientMessage, connection: FakeConnection): void => {
    if (message.action === 'job') {
      connection.send(ack(message.id, 'r-1'));
      const all = cut.pieces.map((data, index) => resultChunk(message.id, 'r-1', cut.chunks, index, data));
      for (const piece of live(all)) connection.send(piece);
    }
    if (message.action !== 'status') return;
    const { chunk } = message.payload as StatusPayload;
    if (chunk === undefined) connection.send(result(message.id, { requestId: 'r-1', status: 'completed', progress: 1, resultChunks: cut.chunks }));
    else {
      served.push(chunk);
      connection.send(resultChunk(message.id, 'r-1', cut.chunks, chunk, cut.pieces[chunk] ?? ''));
    }
  };
  return { handler, served };
}

describe('StreamerClient: results in chunks', () => {
  it('joins pieces sent in order into the result', async () => {
    expect(CUT.pieces.length).toBeGreaterThan(5);
    const { server, client, connect } = setup();
    const { handler, served } = chunkServer((all) => all);
    server.onMessage(handler);
    await connect();
    await expect(client.request('job')).resolves.toEqual(VALUE);
    expect(served).toEqual([]);
  });

  it('joins pieces that arrive out of order', async () => {
    const { server, client, connect } = setup();
    server.onMessage(chunkServer((all) => [...all].reverse()).handler);
    await connect();
    await expect(client.request('job')).resolves.toEqual(VALUE);
  });

  it('fetches a piece lost on the way with status {requestId, chunk} once the last one arrives', async () => {
    const { server, client, connect } = setup();
    const { handler, served } = chunkServer((all) => all.filter((piece) => piece.chunk.index !== 2));
    server.onMessage(handler);
    await connect();
    const outcome = track(client.request('job'));
    await jest.advanceTimersByTimeAsync(0);
    expect(served).toEqual([2]);
    expect(outcome).toEqual({ status: 'resolved', value: VALUE });
  });

  it('asks for the status when the pieces stop coming, and fetches the rest', async () => {
    const { server, client, connect } = setup({ statusPollMs: 1_000 });
    const { handler, served } = chunkServer((all) => all.slice(0, 2));
    server.onMessage(handler);
    await connect();
    const outcome = track(client.request('job'));
    await jest.advanceTimersByTimeAsync(999);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(served).toEqual([...Array(CUT.chunks.count).keys()].slice(2));
    expect(outcome).toEqual({ status: 'resolved', value: VALUE });
  });

  it('resumes a large result after a reconnect: status says it is in chunks, then each piece is fetched', async () => {
    const { server, client, connect } = setup();
    const { handler, served } = chunkServer(() => []);
    server.onMessage(handler);
    await connect();
    const outcome = track(client.request('job'));
    await server.flush();
    server.last.drop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(server.connections[1]?.messages('status').map((m) => m.payload)).toEqual([
      { requestId: 'r-1' },
      ...CUT.pieces.map((_, chunk) => ({ requestId: 'r-1', chunk })),
    ]);
    expect(served).toHaveLength(CUT.chunks.count);
    expect(outcome).toEqual({ status: 'resolved', value: VALUE });
  });

  it('rejects with RESULT_CORRUPT when the joined pieces do not match the checksum', async () => {
    const { server, client, connect } = setup();
    const forged = { ...CUT, chunks: { ...CUT.chunks, crc32: (CUT.chunks.crc32 + 1) >>> 0 } };
    server.onMessage(chunkServer((all) => all, forged).handler);
    await connect();
    const rejection = await client.request('job').catch((e: unknown) => e);
    expect(rejection).toBeInstanceOf(StreamerError);
    expect(rejection).toMatchObject({ code: 'RESULT_CORRUPT', retryable: false, requestId: 'r-1', message: 'Result checksum (CRC-32) does not match' });
  });

  it('rejects with RESULT_CORRUPT when a piece belongs to another result, or the size is wrong', async () => {
    const { server, client, connect } = setup();
    server.onMessage((message, connection) => {
      if (message.action === 'mixed') {
        connection.send(resultChunk(message.id, 'r-1', CUT.chunks, 0, CUT.pieces[0] ?? ''));
        connection.send(resultChunk(message.id, 'r-1', { ...CUT.chunks, count: CUT.chunks.count + 1 }, 1, CUT.pieces[1] ?? ''));
      }
      if (message.action === 'short') connection.send(resultChunk(message.id, 'r-2', { count: 1, bytes: 3, crc32: crc32('{}') }, 0, '{}'));
    });
    await connect();
    await expect(client.request('mixed')).rejects.toMatchObject({ code: 'RESULT_CORRUPT', message: 'A result chunk does not belong to the result being assembled' });
    await expect(client.request('short')).rejects.toMatchObject({ code: 'RESULT_CORRUPT', message: 'Result is 2 bytes; 3 were announced' });
  });

  it('rejects a result announced over maxResultBytes with RESULT_TOO_LARGE before keeping any piece', async () => {
    const { server, client, connect } = setup({ maxResultBytes: CUT.chunks.bytes - 1 });
    const { handler, served } = chunkServer((all) => all);
    server.onMessage(handler);
    await connect();
    await expect(client.request('job')).rejects.toMatchObject({ code: 'RESULT_TOO_LARGE', retryable: false, requestId: 'r-1' });
    expect(served).toEqual([]);
  });

  it('passes on the server refusing a result over its ceiling (RESULT_TOO_LARGE) as a typed error', async () => {
    const { server, client, connect } = setup();
    server.onMessage((message, connection) => {
      connection.send(error(message.id, 'RESULT_TOO_LARGE', 'Result is 5000000 bytes; the limit is 4194304 bytes'));
    });
    await connect();
    await expect(client.request('job')).rejects.toMatchObject({ code: 'RESULT_TOO_LARGE', retryable: false, message: 'Result is 5000000 bytes; the limit is 4194304 bytes' });
  });

  it('refuses a maxResultBytes that is not a positive integer', () => {
    expect(() => setup({ maxResultBytes: 0 })).toThrow('options.maxResultBytes must be a positive integer');
  });
});
