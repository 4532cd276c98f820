import { setup } from './test-support/harness';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('heartbeat', () => {
  it('sends ping every heartbeatMs (default 5 minutes) while connected', async () => {
    const { server, connect } = setup();
    await connect();
    await jest.advanceTimersByTimeAsync(5 * 60_000 - 1);
    expect(server.messages('ping')).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(server.messages('ping')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10 * 60_000);
    expect(server.messages('ping')).toHaveLength(3);
    expect(server.connections).toHaveLength(1);
  });

  it('treats a missing pong as a dead connection and reconnects', async () => {
    const { server, client, connect, events } = setup({ heartbeatMs: 60_000, heartbeatTimeoutMs: 10_000 }, { autoPong: false });
    await connect();
    await jest.advanceTimersByTimeAsync(60_000 + 9_999);
    expect(client.state).toBe('open');
    await jest.advanceTimersByTimeAsync(1);
    expect(events).toContainEqual(['close', { code: 4000, reason: 'No pong received', willReconnect: true }]);
    await jest.advanceTimersByTimeAsync(1_000);
    expect(server.connections).toHaveLength(2);
    expect(client.state).toBe('open');
  });

  it('stops pinging after close', async () => {
    const { server, client, connect } = setup({ heartbeatMs: 1_000 });
    await connect();
    await client.close();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(server.messages('ping')).toHaveLength(0);
  });

  it('can be disabled with heartbeatMs 0', async () => {
    const { server, connect } = setup({ heartbeatMs: 0 });
    await connect();
    await jest.advanceTimersByTimeAsync(60 * 60_000);
    expect(server.messages('ping')).toHaveLength(0);
  });
});
