import { ack, type ClientMessage, CLIENT_ID_PATTERN, error, MAX_CLIENT_FRAME_BYTES, MAX_MESSAGE_BYTES, progress, result } from '@streamer/protocol';
import { StreamerError } from './errors';
import { setup, track } from './test-support/harness';
import { type FakeConnection } from './testing';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Replies to `echo` synchronously-in-protocol-terms (a `result`, no ack). */
function echo(message: ClientMessage, connection: FakeConnection): void {
  if (message.action === 'echo') connection.send(result(message.id, message.payload ?? null));
}

describe('StreamerClient.request', () => {
  it('resolves with the data of the result (echo)', async () => {
    const { server, client, connect } = setup();
    server.onMessage(echo);
    await connect();
    await expect(client.request('echo', { text: 'hi' })).resolves.toEqual({ text: 'hi' });
    expect(server.messages('echo')).toEqual([{ id: expect.stringMatching(CLIENT_ID_PATTERN), action: 'echo', payload: { text: 'hi' } }]);
  });

  it('gives every request a unique id of the form c-<counter>-<random>', async () => {
    const { server, client, connect } = setup();
    server.onMessage(echo);
    await connect();
    await Promise.all([1, 2, 3].map((n) => client.request('echo', { n })));
    const ids = server.messages('echo').map((m) => m.id);
    expect(new Set(ids).size).toBe(3);
    for (const id of ids) expect(id).toMatch(/^c-\d+-[0-9a-z]{8}$/);
  });

  it('reports monotonic progress and ignores values that go backwards or repeat', async () => {
    const { server, client, connect } = setup();
    server.onMessage((m, c) => {
      c.send(ack(m.id, 'r-1'));
      for (const [p, text] of [[0.2, 'a'], [0.5, 'b'], [0.4, 'late'], [0.5, 'b'], [0.5, 'c'], [1, 'done']] as const) {
        c.send(progress(m.id, 'r-1', p, text));
      }
      c.send(result(m.id, { url: 'u' }));
    });
    await connect();
    const onProgress = jest.fn();
    await expect(client.request('generate_report', { recordCount: 5 }, { onProgress })).resolves.toEqual({ url: 'u' });
    expect(onProgress.mock.calls).toEqual([[0.2, 'a'], [0.5, 'b'], [0.5, 'c'], [1, 'done']]);
  });

  it('reports the acknowledgement once, with the server request id and status', async () => {
    const { server, client, connect } = setup();
    server.onMessage((m, c) => {
      c.send(ack(m.id, 'r-7'));
      c.send(ack(m.id, 'r-7', 'processing'));
      c.send(result(m.id, { ok: true }));
    });
    await connect();
    const onAck = jest.fn();
    await expect(client.request('generate_report', { recordCount: 5000 }, { onAck })).resolves.toEqual({ ok: true });
    expect(onAck.mock.calls).toEqual([[{ requestId: 'r-7', status: 'queued' }]]);
  });

  it('never calls onAck for work answered in the same invocation', async () => {
    const { server, client, connect } = setup();
    server.onMessage(echo);
    await connect();
    const onAck = jest.fn();
    await client.request('echo', { text: 'hi' }, { onAck });
    expect(onAck).not.toHaveBeenCalled();
  });

  it('keeps going when onProgress throws', async () => {
    const { server, client, connect, logger } = setup();
    server.onMessage((m, c) => {
      c.send(progress(m.id, 'r-1', 0.5));
      c.send(result(m.id, 1));
    });
    await connect();
    const onProgress = (): void => {
      throw new Error('ui bug');
    };
    await expect(client.request('job', {}, { onProgress })).resolves.toBe(1);
    expect(logger.entries.some((e) => e.message === 'onProgress threw')).toBe(true);
  });

  it('rejects with a typed StreamerError carrying code, retryable and requestId', async () => {
    const { server, client, connect } = setup();
    server.onMessage((m, c) => {
      c.send(ack(m.id, 'r-9'));
      c.send(error(m.id, 'RATE_LIMITED', 'Slow down', { retryAfterMs: 250 }));
    });
    await connect();
    const failure = await client.request('job').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StreamerError);
    expect((failure as StreamerError).toJSON()).toEqual({
      name: 'StreamerError',
      code: 'RATE_LIMITED',
      message: 'Slow down',
      retryable: true,
      requestId: 'r-9',
      retryAfterMs: 250,
    });
  });

  it('rejects invalid or client-managed actions without sending anything', async () => {
    const { server, client, connect } = setup();
    await connect();
    await expect(client.request('bad action!')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(client.request('subscribe', { topic: 't' })).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(client.request('echo', [1, 2])).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(server.last.received).toEqual([]);
  });

  it('accepts payloads typed as interfaces', async () => {
    interface Report {
      recordCount: number;
    }
    const { server, client, connect } = setup();
    server.onMessage(echo);
    await connect();
    const payload: Report = { recordCount: 5 };
    await expect(client.request<Report>('echo', payload)).resolves.toEqual(payload);
  });

  it('rejects a message over 128 KiB with INVALID_REQUEST instead of letting the gateway close the socket', async () => {
    const { server, client, connect } = setup();
    await connect();
    const failure = client.request('echo', { blob: 'x'.repeat(MAX_MESSAGE_BYTES) });
    await expect(failure).rejects.toMatchObject({ code: 'INVALID_REQUEST', retryable: false });
    await server.flush();
    expect(server.last.received).toEqual([]);
    expect(client.state).toBe('open');
  });
});

describe('API Gateway\'s 32 KiB frame limit on a WebSocket that cannot fragment (FakeWebSocket, like a browser\'s)', () => {
  it('refuses a request over 32 KiB with FRAME_TOO_LARGE before sending, keeps the socket and never re-sends it', async () => {
    const { server, client, connect } = setup({ reconnect: { baseMs: 1, capMs: 1 } });
    server.onMessage(echo);
    await connect();
    await expect(client.request('echo', { blob: 'x'.repeat(MAX_CLIENT_FRAME_BYTES) })).rejects.toMatchObject({ code: 'FRAME_TOO_LARGE', retryable: false });
    expect(client.state).toBe('open');
    server.last.drop();
    await jest.advanceTimersByTimeAsync(10);
    await server.flush();
    expect(client.state).toBe('open');
    expect(server.messages('echo')).toEqual([]);
    await expect(client.request('echo', { blob: 'x'.repeat(MAX_CLIENT_FRAME_BYTES - 100) })).resolves.toBeDefined();
  });
});

describe('request timeout', () => {
  it('rejects with TIMEOUT after timeoutMs and sends cancel for an acknowledged request', async () => {
    const { server, client, connect } = setup();
    server.onMessage((m, c) => (m.action === 'slow' ? c.send(ack(m.id, 'r-slow')) : undefined));
    await connect();
    const outcome = track(client.request('slow', {}, { timeoutMs: 10_000 }));
    await jest.advanceTimersByTimeAsync(9_999);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(outcome.error).toMatchObject({ code: 'TIMEOUT', retryable: true, requestId: 'r-slow' });
    expect(server.messages('cancel')).toEqual([expect.objectContaining({ payload: { requestId: 'r-slow' } })]);
  });

  it('uses the client-wide requestTimeoutMs by default', async () => {
    const { client, connect } = setup({ requestTimeoutMs: 3_000 });
    await connect();
    const outcome = track(client.request('never'));
    await jest.advanceTimersByTimeAsync(3_000);
    expect(outcome.error).toMatchObject({ code: 'TIMEOUT' });
  });

  it('never times out with timeoutMs 0', async () => {
    const { client, connect } = setup();
    await connect();
    const outcome = track(client.request('never', {}, { timeoutMs: 0 }));
    await jest.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(outcome.status).toBe('pending');
  });
});

describe('request abort', () => {
  /** A `slow` request acknowledged as `requestId`, then aborted through its signal. */
  async function abortedAfterAck(requestId: string) {
    const { server, client, connect } = setup();
    server.onMessage((m, c) => (m.action === 'slow' ? c.send(ack(m.id, requestId)) : undefined));
    await connect();
    const controller = new AbortController();
    const outcome = track(client.request('slow', {}, { signal: controller.signal }));
    await server.flush();
    controller.abort();
    await server.flush();
    return { server, client, outcome };
  }

  it('sends cancel with the requestId and rejects with CANCELLED', async () => {
    const { server, outcome } = await abortedAfterAck('r-2');
    expect(outcome.error).toMatchObject({ code: 'CANCELLED', requestId: 'r-2' });
    expect(server.messages('cancel')).toEqual([expect.objectContaining({ action: 'cancel', payload: { requestId: 'r-2' } })]);
  });

  it('closes only once a cancel already sent is answered (its frame must reach the server before $disconnect)', async () => {
    const { server, client } = await abortedAfterAck('r-3');
    const closed = track(client.close());
    await server.flush();
    expect(server.last.closedByClient).toBeUndefined();
    const [cancel] = server.messages('cancel');
    server.last.send(result(cancel?.id ?? '', { requestId: 'r-3', status: 'cancelled' }));
    await server.flush();
    await jest.advanceTimersByTimeAsync(0);
    expect(server.last.closedByClient).toMatchObject({ code: 1000 });
    expect(closed.status).toBe('resolved');
  });

  it('closes anyway 2 s after an unanswered cancel', async () => {
    const { server, client } = await abortedAfterAck('r-4');
    const closed = track(client.close());
    await jest.advanceTimersByTimeAsync(1_999);
    expect(server.last.closedByClient).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(server.last.closedByClient).toMatchObject({ code: 1000 });
    await server.flush();
    expect(closed.status).toBe('resolved');
  });

  it('rejects at once without sending when the signal is already aborted', async () => {
    const { server, client, connect } = setup();
    await connect();
    await expect(client.request('slow', {}, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
    await server.flush();
    expect(server.last.received).toEqual([]);
  });

  it('cancels a request aborted before its ack as soon as the ack arrives', async () => {
    const { server, client, connect } = setup();
    await connect();
    const controller = new AbortController();
    const outcome = track(client.request('slow', {}, { signal: controller.signal }));
    await server.flush();
    controller.abort();
    await server.flush();
    expect(outcome.error).toMatchObject({ code: 'CANCELLED' });
    expect(server.messages('cancel')).toEqual([]);
    const [sent] = server.messages('slow');
    server.last.send(ack(sent?.id ?? '', 'r-late'));
    await server.flush();
    expect(server.messages('cancel')).toEqual([expect.objectContaining({ payload: { requestId: 'r-late' } })]);
  });
});
