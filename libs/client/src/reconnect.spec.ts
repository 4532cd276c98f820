import { ack, type ClientMessage, error, progress, type RequestStatusView, result } from '@streamer/protocol';
import { setup, track } from './test-support/harness';
import { type FakeConnection } from './testing';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A server that acks `job` as r-1 and answers `status` from `stored`. */
function statusServer(stored: () => RequestStatusView | 'unknown') {
  return (message: ClientMessage, connection: FakeConnection): void => {
    if (message.action === 'job') connection.send(ack(message.id, 'r-1'));
    if (message.action !== 'status') return;
    const view = stored();
    connection.send(view === 'unknown' ? error(message.id, 'NOT_FOUND', 'No such request') : result(message.id, view));
  };
}

describe('reconnect', () => {
  it('reconnects after an unexpected close with full-jitter backoff and reports each step', async () => {
    const { server, client, connect, events } = setup({ reconnect: { baseMs: 100, capMs: 1_000 }, random: () => 0.5 });
    await connect();
    server.last.drop(1006);
    await server.flush();
    expect(client.state).toBe('reconnecting');
    expect(events.slice(1)).toEqual([
      ['close', { code: 1006, reason: '', willReconnect: true }],
      ['reconnecting', { attempt: 1, delayMs: 50 }],
    ]);
    await jest.advanceTimersByTimeAsync(49);
    expect(server.connections).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(server.connections).toHaveLength(2);
    expect(client.state).toBe('open');
    expect(events.slice(3)).toEqual([
      ['open', { reconnected: true }],
      ['reconnect', { attempts: 1 }],
    ]);
  });

  it('doubles the delay ceiling per failed attempt up to capMs, then gives up after maxAttempts', async () => {
    let accept = true;
    const { server, client, connect, events } = setup(
      { reconnect: { baseMs: 100, capMs: 300, maxAttempts: 4 }, random: () => 0.999 },
      { handshake: () => (accept ? 101 : 503) },
    );
    await connect();
    const pending = track(client.request('job'));
    accept = false;
    server.last.drop();
    await jest.advanceTimersByTimeAsync(5_000);
    const delays = events.filter(([name]) => name === 'reconnecting').map(([, e]) => (e as { delayMs: number }).delayMs);
    expect(delays).toEqual([99, 199, 299, 299]);
    expect(server.connections).toHaveLength(5);
    expect(client.state).toBe('closed');
    expect(pending.error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(events.slice(-2)).toEqual([
      ['close', expect.objectContaining({ willReconnect: false })],
      ['error', expect.objectContaining({ code: 'CONNECTION_FAILED' })],
    ]);
  });

  it('stops at once when a static token is refused on reconnect', async () => {
    let status = 101;
    const { server, client, connect, events } = setup({}, { handshake: () => status });
    await connect();
    status = 401;
    server.last.drop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(server.connections).toHaveLength(2);
    expect(client.state).toBe('closed');
    expect(events.at(-1)).toEqual(['error', expect.objectContaining({ code: 'UNAUTHORIZED' })]);
  });

  it('keeps trying with a token function, which may return a refreshed token', async () => {
    let issued = 0;
    const { server, client, connect } = setup(
      { token: () => `t${++issued}` },
      { handshake: (c) => (c.token === 't1' || c.token === 't4' ? 101 : 401) },
    );
    await connect();
    server.last.drop();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(server.connections.map((c) => c.token)).toEqual(['t1', 't2', 't3', 't4']);
    expect(client.state).toBe('open');
  });

  it('does not reconnect when reconnect is false', async () => {
    const { server, client, connect, events } = setup({ reconnect: false });
    await connect();
    const pending = track(client.request('job'));
    server.last.drop();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(server.connections).toHaveLength(1);
    expect(client.state).toBe('closed');
    expect(pending.error).toMatchObject({ code: 'CONNECTION_FAILED' });
    expect(events).toContainEqual(['close', { code: 1006, reason: '', willReconnect: false }]);
  });

  it('connect() during a reconnect waits for the new connection', async () => {
    const { server, client, connect } = setup();
    await connect();
    server.last.drop();
    await server.flush();
    const again = track(client.connect());
    await server.flush();
    expect(again.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(again.status).toBe('resolved');
  });
});

describe('resume after reconnect', () => {
  it('asks for the status of an acknowledged request and resolves from the stored result', async () => {
    const { server, client, connect } = setup();
    server.onMessage(statusServer(() => ({ requestId: 'r-1', status: 'completed', progress: 1, result: { url: 'done' } })));
    await connect();
    const outcome = track(client.request('job'));
    await server.flush();
    server.last.drop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(server.connections[1]?.messages('status')).toEqual([expect.objectContaining({ payload: { requestId: 'r-1' } })]);
    expect(outcome).toEqual({ status: 'resolved', value: { url: 'done' } });
  });

  it('rejects from a stored failure, and with CANCELLED from a stored cancellation', async () => {
    for (const [view, code] of [
      [{ requestId: 'r-1', status: 'failed', progress: 0.3, error: { code: 'INVALID_REQUEST', message: 'bad', retryable: false } }, 'INVALID_REQUEST'],
      [{ requestId: 'r-1', status: 'cancelled', progress: 0.3 }, 'CANCELLED'],
    ] as const) {
      const { server, client, connect } = setup();
      server.onMessage(statusServer(() => view));
      await connect();
      const outcome = track(client.request('job'));
      await server.flush();
      server.last.drop();
      await jest.advanceTimersByTimeAsync(1_000);
      expect(outcome.error).toMatchObject({ code, requestId: 'r-1' });
    }
  });

  it('rejects with NOT_FOUND when the server no longer knows the request', async () => {
    const { server, client, connect } = setup();
    server.onMessage(statusServer(() => 'unknown'));
    await connect();
    const outcome = track(client.request('job'));
    await server.flush();
    server.last.drop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(outcome.error).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('polls the status of a still-running request, reporting progress, until it is terminal', async () => {
    let view: RequestStatusView = { requestId: 'r-1', status: 'processing', progress: 0.4, progressMessage: 'working' };
    const { server, client, connect } = setup({ statusPollMs: 5_000 });
    server.onMessage(statusServer(() => view));
    await connect();
    const onProgress = jest.fn();
    const outcome = track(client.request('job', {}, { onProgress }));
    await server.flush();
    server.last.send(progress(server.messages('job')[0]?.id ?? '', 'r-1', 0.1));
    await server.flush();
    server.last.drop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(onProgress.mock.calls).toEqual([[0.1, undefined], [0.4, 'working']]);
    expect(server.messages('status')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(server.messages('status')).toHaveLength(2);
    view = { requestId: 'r-1', status: 'completed', progress: 1, result: 42 };
    await jest.advanceTimersByTimeAsync(5_000);
    expect(outcome).toEqual({ status: 'resolved', value: 42 });
    await jest.advanceTimersByTimeAsync(20_000);
    expect(server.messages('status')).toHaveLength(3);
  });

  it('still takes pushed progress and result while polling', async () => {
    const { server, client, connect } = setup();
    server.onMessage(statusServer(() => ({ requestId: 'r-1', status: 'processing', progress: 0.5 })));
    await connect();
    const outcome = track(client.request('job'));
    await server.flush();
    const id = server.messages('job')[0]?.id ?? '';
    server.last.drop();
    await jest.advanceTimersByTimeAsync(1_000);
    server.last.send(result(id, 'pushed'));
    await server.flush();
    expect(outcome).toEqual({ status: 'resolved', value: 'pushed' });
  });

  it('re-sends an unacknowledged request with the same id and resolves from the reply', async () => {
    const { server, client, connect } = setup();
    await connect();
    const outcome = track(client.request('job', { n: 1 }));
    await server.flush();
    const first = server.messages('job')[0];
    server.onMessage((m, c) => (m.action === 'job' ? c.send(result(m.id, 'ran once')) : undefined));
    server.last.drop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(server.connections[1]?.messages('job')).toEqual([first]);
    expect(outcome).toEqual({ status: 'resolved', value: 'ran once' });
  });

  it('asks for the status at once when a re-sent request is acknowledged, then polls', async () => {
    let view: RequestStatusView = { requestId: 'r-1', status: 'processing', progress: 0.2 };
    const { server, client, connect } = setup({ statusPollMs: 2_000 });
    await connect();
    const outcome = track(client.request('job'));
    await server.flush();
    server.onMessage(statusServer(() => view));
    server.last.drop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(server.connections[1]?.messages().map((m) => m.action)).toEqual(['job', 'status']);
    view = { requestId: 'r-1', status: 'completed', progress: 1, result: 'late' };
    await jest.advanceTimersByTimeAsync(2_000);
    expect(server.messages('status')).toHaveLength(2);
    expect(outcome).toEqual({ status: 'resolved', value: 'late' });
  });

  it('sends requests made while reconnecting once the connection is back', async () => {
    const { server, client, connect } = setup();
    await connect();
    server.last.drop();
    await server.flush();
    server.onMessage((m, c) => (m.action === 'echo' ? c.send(result(m.id, m.payload ?? null)) : undefined));
    const outcome = track(client.request('echo', { later: true }));
    await jest.advanceTimersByTimeAsync(1_000);
    expect(outcome).toEqual({ status: 'resolved', value: { later: true } });
  });

  it('retries a status poll that failed with a retryable error', async () => {
    let calls = 0;
    const { server, client, connect } = setup({ statusPollMs: 1_000 });
    server.onMessage((m, c) => {
      if (m.action === 'job') c.send(ack(m.id, 'r-1'));
      if (m.action !== 'status') return;
      calls += 1;
      c.send(calls === 1 ? error(m.id, 'INTERNAL_ERROR', 'x') : result(m.id, { requestId: 'r-1', status: 'completed', progress: 1, result: 'ok' }));
    });
    await connect();
    const outcome = track(client.request('job'));
    await server.flush();
    server.last.drop();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(outcome.status).toBe('pending');
    await jest.advanceTimersByTimeAsync(1_000);
    expect(outcome).toEqual({ status: 'resolved', value: 'ok' });
  });
});
