import { createHarness, HOUR } from '../test-support/harness';

describe('update_connection_status', () => {
  it('sets the status and returns the updated connection', async () => {
    const h = createHarness();
    const stored = await h.connect('c1', { userId: 'alice' });

    const response = await h.handler({ action: 'update_connection_status', connectionId: 'c1', status: 'DISCONNECTED' });

    expect(response).toEqual({ statusCode: 200, body: { ...stored, status: 'DISCONNECTED', createdAt: new Date(stored.connectedAt).toISOString() } });
    expect((await h.connections.get('c1'))?.status).toBe('DISCONNECTED');
    const listed = await h.handler({ action: 'get_user_connections', userId: 'alice' });
    expect(listed.body).toMatchObject({ count: 0 });
  });

  it('can set a connection back to CONNECTED', async () => {
    const h = createHarness();
    await h.connect('c1');
    await h.connections.updateStatus('c1', 'DISCONNECTED');
    const response = await h.handler({ action: 'update_connection_status', connectionId: 'c1', status: 'CONNECTED' });
    expect(response.body).toMatchObject({ connectionId: 'c1', status: 'CONNECTED' });
  });

  it('answers 404 for an unknown connection', async () => {
    const h = createHarness();
    const response = await h.handler({ action: 'update_connection_status', connectionId: 'nope', status: 'CONNECTED' });
    expect(response).toEqual({ statusCode: 404, body: { code: 'NOT_FOUND', message: 'connection nope not found' } });
  });
});

describe('disconnect_connection', () => {
  it('marks the connection DISCONNECTED, drops its subscriptions and closes the socket', async () => {
    const h = createHarness();
    await h.connect('c1', { tenantId: 'acme', userId: 'alice' });
    await h.subscriptions.add({ tenantId: 'acme', topic: 'news', connectionId: 'c1', userId: 'alice' });

    const response = await h.handler({ action: 'disconnect_connection', connectionId: 'c1' });

    expect(response).toEqual({ statusCode: 200, body: { connectionId: 'c1', closed: true } });
    expect(await h.connections.get('c1')).toMatchObject({ status: 'DISCONNECTED', disconnectedAt: h.now() });
    expect(h.gateway.countCalls('delete', 'c1')).toBe(1);
    const subscribers = [];
    for await (const s of h.subscriptions.byTopic('acme', 'news')) subscribers.push(s);
    expect(subscribers).toEqual([]);
  });

  it('reports closed: false when the gateway says the socket is already gone (410)', async () => {
    const h = createHarness();
    await h.connect('c1');
    h.gateway.setStatus('c1', 410);
    const response = await h.handler({ action: 'disconnect_connection', connectionId: 'c1' });
    expect(response).toEqual({ statusCode: 200, body: { connectionId: 'c1', closed: false } });
    expect((await h.connections.get('c1'))?.status).toBe('DISCONNECTED');
  });

  it('still closes the socket of a connection the store already marks DISCONNECTED', async () => {
    const h = createHarness();
    await h.connect('c1');
    await h.connections.markDisconnected('c1');
    h.advance(HOUR);
    const response = await h.handler({ action: 'disconnect_connection', connectionId: 'c1' });
    expect(response.body).toEqual({ connectionId: 'c1', closed: true });
    expect(h.gateway.countCalls('delete', 'c1')).toBe(1);
  });

  it('answers 404 for an unknown connection and never calls the gateway', async () => {
    const h = createHarness();
    const response = await h.handler({ action: 'disconnect_connection', connectionId: 'ghost' });
    expect(response).toEqual({ statusCode: 404, body: { code: 'NOT_FOUND', message: 'connection ghost not found' } });
    expect(h.gateway.calls).toEqual([]);
  });

  it('answers a generic 500 and logs the cause when the gateway fails; a retry then succeeds', async () => {
    const h = createHarness();
    await h.connect('c1');
    h.gateway.script('c1', [500], 'delete');

    const failed = await h.handler({ action: 'disconnect_connection', connectionId: 'c1' });
    expect(failed).toEqual({ statusCode: 500, body: { code: 'INTERNAL_ERROR', message: 'Internal error; see the function logs' } });
    expect(h.logger.lines.filter((line) => line.level === 'error')).toHaveLength(1);

    const retried = await h.handler({ action: 'disconnect_connection', connectionId: 'c1' });
    expect(retried).toEqual({ statusCode: 200, body: { connectionId: 'c1', closed: true } });
  });
});
