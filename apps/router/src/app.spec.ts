import { createHarness } from './test-support/harness';
import { messageEvent } from './test-support/events';

describe('$default handler, end to end over a recording gateway', () => {
  it('answers ping with pong on the calling socket', async () => {
    const h = createHarness();
    await h.connect('c-1');
    expect(await h.send('c-1', { id: 'p-1', action: 'ping' })).toEqual({ statusCode: 200 });
    expect(h.gateway.delivered('c-1')).toEqual([{ id: 'p-1', type: 'pong' }]);
  });

  it('answers the example echo handler in the same invocation', async () => {
    const h = createHarness();
    await h.connect('c-1');
    await h.send('c-1', { id: 'e-1', action: 'echo', payload: { hello: 'world' } });
    expect(h.gateway.delivered('c-1')).toEqual([{ id: 'e-1', type: 'result', success: true, data: { hello: 'world' } }]);
  });

  it('queues a large generate_report, acks it, and a re-send returns the same request', async () => {
    const h = createHarness();
    await h.connect('c-1');
    await h.send('c-1', { id: 'r-1', action: 'generate_report', payload: { recordCount: 5000 } });
    await h.send('c-1', { id: 'r-1', action: 'generate_report', payload: { recordCount: 5000 } });
    const [first, second] = h.gateway.delivered('c-1') as Array<{ type: string; requestId: string }>;
    expect(first).toEqual({ id: 'r-1', type: 'ack', requestId: expect.any(String), status: 'queued' });
    expect(second).toEqual(first);
    const stored = await h.stores.requests.get(first?.requestId ?? '');
    expect(stored).toMatchObject({ status: 'queued', action: 'generate_report', userId: 'user-1', tenantId: 'tenant-1', clientId: 'r-1' });
  });

  it('answers a small generate_report synchronously', async () => {
    const h = createHarness();
    await h.connect('c-1');
    await h.send('c-1', { id: 'r-1', action: 'generate_report', payload: { recordCount: 10 } });
    expect(h.gateway.delivered('c-1')).toEqual([expect.objectContaining({ id: 'r-1', type: 'result', success: true })]);
  });

  it('reaches a socket the store does not know with UNAUTHORIZED', async () => {
    const h = createHarness();
    expect(await h.send('stranger', { id: 'x-1', action: 'generate_report', payload: { recordCount: 5000 } })).toEqual({ statusCode: 200 });
    expect(h.gateway.delivered('stranger')).toEqual([
      { id: 'x-1', type: 'error', success: false, error: expect.objectContaining({ code: 'UNAUTHORIZED', retryable: false }) },
    ]);
  });

  it('retries the UNAUTHORIZED reply to an unknown socket through a transient gateway failure', async () => {
    const h = createHarness();
    h.gateway.script('stranger', [503, 200]);
    expect(await h.send('stranger', { id: 'x-2', action: 'ping' })).toEqual({ statusCode: 200 });
    expect(h.gateway.countCalls('post', 'stranger')).toBe(2);
    expect(h.gateway.delivered('stranger')).toEqual([expect.objectContaining({ id: 'x-2', error: expect.objectContaining({ code: 'UNAUTHORIZED' }) })]);
  });

  it('answers a frame after the token expired with UNAUTHORIZED, then closes the socket (DELETE @connections)', async () => {
    const h = createHarness();
    await h.connect('c-1', { tokenExpiresAt: h.advance(0) + 1_000 });
    await h.send('c-1', { id: 'p-1', action: 'ping' });
    expect(h.gateway.countCalls('delete', 'c-1')).toBe(0);
    h.advance(1_000);
    await h.send('c-1', { id: 'p-2', action: 'ping' });
    expect(h.gateway.delivered('c-1')).toEqual([
      { id: 'p-1', type: 'pong' },
      { id: 'p-2', type: 'error', success: false, error: expect.objectContaining({ code: 'UNAUTHORIZED', retryable: false }) },
    ]);
    expect(h.gateway.countCalls('delete', 'c-1')).toBe(1);
  });

  it('takes a socket already gone (410) when closing it for an expired token as closed', async () => {
    const h = createHarness();
    await h.connect('c-1', { tokenExpiresAt: h.advance(0) });
    h.gateway.script('c-1', [410], 'delete');
    expect(await h.send('c-1', { id: 'p-1', action: 'ping' })).toEqual({ statusCode: 200 });
    expect(h.lines.filter((l) => l.level === 'warn' || l.level === 'error')).toEqual([]);
  });

  it('reaches a socket the store has as DISCONNECTED with FORBIDDEN', async () => {
    const h = createHarness();
    await h.connect('c-1', { status: 'DISCONNECTED' });
    await h.send('c-1', { id: 'p-1', action: 'ping' });
    expect(h.gateway.delivered('c-1')).toEqual([expect.objectContaining({ id: 'p-1', error: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it.each([
    ['malformed JSON', '{"id":', null, 'INVALID_REQUEST'],
    ['an unknown action', { id: 'u-1', action: 'launch_rockets' }, 'u-1', 'INVALID_REQUEST'],
    ['a bad payload', { id: 'b-1', action: 'generate_report', payload: { recordCount: -1 } }, 'b-1', 'INVALID_REQUEST'],
  ])('answers %s with a typed error message and HTTP 200', async (_name, frame, id, code) => {
    const h = createHarness();
    await h.connect('c-1');
    expect(await h.send('c-1', frame)).toEqual({ statusCode: 200 });
    expect(h.gateway.delivered('c-1')).toEqual([{ id, type: 'error', success: false, error: expect.objectContaining({ code }) }]);
  });

  it('answers an empty frame', async () => {
    const h = createHarness();
    await h.connect('c-1');
    expect(await h.handle(messageEvent('c-1', undefined))).toEqual({ statusCode: 200 });
    expect(h.gateway.delivered('c-1')).toEqual([expect.objectContaining({ id: null, type: 'error' })]);
  });

  it('applies the configured rate limit', async () => {
    const h = createHarness({ router: { rateLimit: { ratePerSecond: 1, burst: 2 } } });
    await h.connect('c-1');
    for (const id of ['a', 'b', 'c']) await h.send('c-1', { id, action: 'ping' });
    expect(h.gateway.delivered('c-1')).toEqual([
      { id: 'a', type: 'pong' },
      { id: 'b', type: 'pong' },
      { id: 'c', type: 'error', success: false, error: { code: 'RATE_LIMITED', message: expect.any(String), retryable: true, retryAfterMs: 1000 } },
    ]);
  });

  it('cancels a queued request: one CANCELLED terminal message to its socket', async () => {
    const h = createHarness();
    await h.connect('c-1');
    await h.connect('c-2');
    await h.send('c-1', { id: 'job', action: 'generate_report', payload: { recordCount: 5000 } });
    const [ack] = h.gateway.delivered('c-1') as Array<{ requestId: string }>;
    await h.send('c-2', { id: 'x', action: 'cancel', payload: { requestId: ack?.requestId } });
    expect(h.gateway.delivered('c-1').slice(1)).toEqual([
      { id: 'job', type: 'error', success: false, error: { code: 'CANCELLED', message: 'Request cancelled', retryable: false } },
    ]);
    expect(h.gateway.delivered('c-2')).toEqual([{ id: 'x', type: 'result', success: true, data: { requestId: ack?.requestId, status: 'cancelled' } }]);
  });

  it('still answers 200 when the calling socket is gone (410)', async () => {
    const h = createHarness();
    await h.connect('c-1');
    h.gateway.setStatus('c-1', 410);
    expect(await h.send('c-1', { id: 'p-1', action: 'ping' })).toEqual({ statusCode: 200 });
    expect(h.gateway.delivered('c-1')).toEqual([]);
    expect(h.lines.some((l) => l.message.includes('not delivered'))).toBe(true);
  });
});

describe('$default handler before it returns (Lambda freezes the environment afterwards)', () => {
  it('settles the cleanup of a socket the gateway reports gone (410) before returning', async () => {
    const h = createHarness();
    await h.connect('c-1');
    h.gateway.setStatus('c-1', 410);
    let cleaned = false;
    const markDisconnected = h.stores.connections.markDisconnected.bind(h.stores.connections);
    jest.spyOn(h.stores.connections, 'markDisconnected').mockImplementation(async (id, options) => {
      await new Promise((resolve) => setImmediate(resolve));
      const record = await markDisconnected(id, options);
      cleaned = true;
      return record;
    });
    const cleanedWhenReturned = h.send('c-1', { id: 'p-1', action: 'ping' }).then(() => cleaned);
    await expect(cleanedWhenReturned).resolves.toBe(true);
    expect((await h.stores.connections.get('c-1'))?.status).toBe('DISCONNECTED');
  });

  it('counts every frame by action and status, times it by action, and correlates its ids', async () => {
    const h = createHarness();
    await h.connect('c-1');
    await h.send('c-1', { id: 'p-1', action: 'ping' });
    await h.send('c-1', { id: 'r-1', action: 'generate_report', payload: { recordCount: 5000 } });
    await h.send('c-1', { id: 'x-1', action: 'no_such_action' });
    await h.send('c-1', 'not json');
    expect(h.metrics.total('RequestProcessed', { action: 'ping', status: 'pong' })).toBe(1);
    expect(h.metrics.total('RequestProcessed', { action: 'generate_report', status: 'ack' })).toBe(1);
    // An unknown action is never a dimension value: clients choose it.
    expect(h.metrics.total('RequestProcessed', { action: 'unknown' })).toBe(2);
    expect(h.metrics.total('RequestErrors', { code: 'INVALID_REQUEST' })).toBeGreaterThanOrEqual(1);
    expect(h.metrics.named('ProcessingTime', { action: 'ping' })).toHaveLength(1);
    const [ack] = h.gateway.delivered('c-1').slice(1) as Array<{ requestId: string }>;
    expect(h.correlated[1]).toEqual({ action: 'generate_report', tenantId: 'tenant-1', requestId: ack?.requestId, id: 'r-1' });
    const outcomes = h.lines.filter((l) => l.message === 'router: request outcome').map((l) => l.extra[0]);
    expect(outcomes[0]).toMatchObject({ connectionId: 'c-1', action: 'ping', status: 'pong', delivered: true, durationMs: expect.any(Number) });
  });
});
