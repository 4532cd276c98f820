import { createFixture } from './test-support/fixture';

describe('router: token expiry', () => {
  function setup(close: (connectionId: string) => Promise<void> = async () => undefined) {
    const events: string[] = [];
    const closeConnection = jest.fn(async (connectionId: string) => {
      events.push(`close ${connectionId}`);
      await close(connectionId);
    });
    const f = createFixture({ router: { closeConnection } });
    const send = f.sender.send.bind(f.sender);
    f.sender.send = async (connectionId, message, options) => {
      events.push(`send ${connectionId} ${message.type}`);
      return send(connectionId, message, options);
    };
    return { f, closeConnection, events };
  }

  it('answers frames while the token is accepted', async () => {
    const { f, closeConnection } = setup();
    const conn = await f.connect({ tokenExpiresAt: f.now() + 5_000 });
    f.advance(4_999);
    expect(await f.send(conn.connectionId, { id: 'p-1', action: 'ping' })).toEqual({ id: 'p-1', type: 'pong' });
    expect(closeConnection).not.toHaveBeenCalled();
  });

  it('answers a frame from the expiry on with UNAUTHORIZED, then closes the socket', async () => {
    const { f, closeConnection, events } = setup();
    const conn = await f.connect({ tokenExpiresAt: f.now() + 5_000 });
    f.advance(5_000);
    const reply = await f.send(conn.connectionId, { id: 'e-1', action: 'echo', payload: { a: 1 } });
    expect(reply).toEqual({ id: 'e-1', type: 'error', success: false, error: { code: 'UNAUTHORIZED', message: 'Token expired; reconnect with a fresh token', retryable: false } });
    expect(closeConnection).toHaveBeenCalledTimes(1);
    expect(events).toEqual([`send ${conn.connectionId} error`, `close ${conn.connectionId}`]);
    expect(await f.requestsOf(conn.connectionId)).toEqual([]);
  });

  it('refuses built-ins too (a ping after expiry)', async () => {
    const { f, closeConnection } = setup();
    const conn = await f.connect({ tokenExpiresAt: f.now() - 1 });
    expect(await f.send(conn.connectionId, { id: 'p-1', action: 'ping' })).toMatchObject({ type: 'error', error: { code: 'UNAUTHORIZED' } });
    expect(closeConnection).toHaveBeenCalledWith(conn.connectionId);
  });

  it('never enforces an expiry on a connection stored without one', async () => {
    const { f, closeConnection } = setup();
    const conn = await f.connect();
    f.advance(48 * 3_600_000);
    expect(await f.send(conn.connectionId, { id: 'p-1', action: 'ping' })).toEqual({ id: 'p-1', type: 'pong' });
    expect(closeConnection).not.toHaveBeenCalled();
  });

  it('still resolves with the reply when closing fails, and logs it', async () => {
    const { f } = setup(() => Promise.reject(new Error('gateway 500')));
    const conn = await f.connect({ tokenExpiresAt: f.now() });
    await expect(f.route({ connectionId: conn.connectionId, body: '{"id":"p-1","action":"ping"}' })).resolves.toMatchObject({ delivered: true, reply: { type: 'error' } });
    expect(f.logger.lines.some((l) => l.level === 'warn' && l.message.includes('could not close'))).toBe(true);
  });

  it('warns when no closeConnection is wired', async () => {
    const f = createFixture();
    const conn = await f.connect({ tokenExpiresAt: f.now() });
    expect(await f.send(conn.connectionId, { id: 'p-1', action: 'ping' })).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    expect(f.logger.lines.some((l) => l.level === 'warn' && l.message.includes('no closeConnection'))).toBe(true);
  });
});
