import { StreamerError } from './errors';
import { setup, track } from './test-support/harness';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('StreamerClient.connect', () => {
  it('opens the socket with the token (a subprotocol value by default with a non-ws WebSocket)', async () => {
    const { server, client, connect, events } = setup({ token: 'abc.def-ghi' });
    await connect();
    expect(client.state).toBe('open');
    expect(server.last.token).toBe('abc.def-ghi');
    expect(server.last.url.pathname).toBe('/ws');
    expect(events).toEqual([['open', { reconnected: false }]]);
  });

  it('calls a token function before every connect, so a refreshed token is used', async () => {
    let issued = 0;
    const { server, connect } = setup({ token: async () => `t${++issued}` });
    await connect();
    server.last.drop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(server.connections.map((c) => c.token)).toEqual(['t1', 't2']);
  });

  it('opens one socket however often connect() is called, and resolves at once when open', async () => {
    const { server, client } = setup();
    const first = client.connect();
    const second = client.connect();
    await server.flush();
    await Promise.all([first, second]);
    await expect(client.connect()).resolves.toBeUndefined();
    expect(server.connections).toHaveLength(1);
  });

  it.each([
    [401, 'UNAUTHORIZED', false],
    [403, 'FORBIDDEN', false],
    [502, 'CONNECTION_FAILED', true],
  ] as const)('rejects with a typed error when the handshake is refused with %i', async (status, code, retryable) => {
    const { server, client } = setup({}, { handshake: () => status });
    const opening = track(client.connect());
    await server.flush();
    expect(opening.status).toBe('rejected');
    expect(opening.error).toBeInstanceOf(StreamerError);
    expect(opening.error).toMatchObject({ code, retryable });
    expect(client.state).toBe('closed');
  });

  it('rejects with UNAUTHORIZED when the token function throws, without opening a socket', async () => {
    const { server, client } = setup({
      token: () => {
        throw new Error('refresh failed');
      },
    });
    await expect(client.connect()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(server.connections).toHaveLength(0);
  });

  it('rejects with CONNECTION_FAILED when the handshake never completes', async () => {
    const { server, client } = setup({ connectTimeoutMs: 2_000 }, { handshake: () => undefined });
    const opening = track(client.connect());
    await jest.advanceTimersByTimeAsync(1_999);
    expect(opening.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);
    expect(opening.error).toMatchObject({ code: 'CONNECTION_FAILED', message: 'The handshake timed out' });
    expect(server.last.isOpen).toBe(false);
  });

  it('explains what to pass when the host has no WebSocket', () => {
    const withoutGlobal = globalThis as { WebSocket?: unknown };
    const saved = withoutGlobal.WebSocket;
    delete withoutGlobal.WebSocket;
    try {
      expect(() => setup({ WebSocket: undefined })).toThrow(/pass \{ WebSocket \}/);
    } finally {
      if (saved !== undefined) withoutGlobal.WebSocket = saved;
    }
  });

  it('refuses an empty token', () => {
    expect(() => setup({ token: '' })).toThrow(TypeError);
  });
});

describe('StreamerClient.close', () => {
  it('closes the socket with the given code, emits close and rejects pending requests with CLOSED', async () => {
    const { server, client, connect, events } = setup();
    await connect();
    const pending = track(client.request('slow'));
    await server.flush();
    const closing = client.close(1000, 'bye');
    await server.flush();
    await closing;
    expect(server.last.closedByClient).toEqual({ code: 1000, reason: 'bye' });
    expect(pending.error).toMatchObject({ code: 'CLOSED' });
    expect(events.at(-1)).toEqual(['close', { code: 1000, reason: 'bye', willReconnect: false }]);
    expect(client.state).toBe('closed');
  });

  it('does not reconnect after close and refuses new requests', async () => {
    const { server, client, connect } = setup();
    await connect();
    await client.close();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(server.connections).toHaveLength(1);
    await expect(client.request('echo')).rejects.toMatchObject({ code: 'CLOSED' });
  });

  it('refuses requests before connect() is called', async () => {
    const { server, client } = setup();
    await expect(client.request('echo')).rejects.toMatchObject({ code: 'CLOSED', message: expect.stringMatching(/connect\(\)/) });
    expect(server.connections).toHaveLength(0);
  });

  it('rejects connect() with CLOSED when closed during the handshake, and leaves no socket open', async () => {
    const { server, client } = setup({}, { handshake: () => undefined });
    const opening = track(client.connect());
    await server.flush();
    const closing = client.close();
    server.last.socket.serverAccept();
    await server.flush();
    await closing;
    expect(opening.error).toMatchObject({ code: 'CLOSED' });
    expect(server.last.closedByClient).toEqual({ code: 1000, reason: 'Client closed' });
    expect(client.state).toBe('closed');
  });

  it('sends requests made while connecting once the connection opens', async () => {
    const { server, client } = setup();
    server.onMessage((m, c) => c.send({ id: m.id, type: 'result', success: true, data: 'sent after open' }));
    const opening = client.connect();
    const answer = client.request('echo');
    await server.flush();
    await opening;
    await expect(answer).resolves.toBe('sent after open');
  });

  it('rejects requests made while connecting with the handshake error when connecting fails', async () => {
    const { server, client } = setup({}, { handshake: () => 401 });
    const opening = track(client.connect());
    const pending = track(client.request('echo'));
    await server.flush();
    expect(opening.error).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(pending.error).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('can connect again after close', async () => {
    const { server, client, connect } = setup();
    await connect();
    await client.close();
    await connect();
    expect(client.state).toBe('open');
    expect(server.connections).toHaveLength(2);
  });
});
