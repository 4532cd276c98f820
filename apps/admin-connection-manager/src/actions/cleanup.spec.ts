import { createHarness, type Harness, HOUR } from '../test-support/harness';

const cleanup = { action: 'cleanup_stale_connections' };

const scheduledEvent = {
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-01-01T12:00:00Z',
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/streamer-admin-cleanup'],
  detail: {},
};

async function status(h: Harness, connectionId: string): Promise<string | undefined> {
  return (await h.connections.get(connectionId))?.status;
}

describe('cleanup_stale_connections', () => {
  it('disconnects connections idle longer than STALE_AFTER and leaves fresh ones', async () => {
    const h = createHarness();
    await h.connect('stale', { idleMs: HOUR + 1 });
    await h.connect('very-stale', { idleMs: 30 * HOUR });
    await h.connect('fresh', { idleMs: HOUR - 1 });
    await h.connect('boundary', { idleMs: HOUR });

    const response = await h.handler(cleanup);

    expect(response).toEqual({
      statusCode: 200,
      body: {
        message: 'Stale connections cleaned up',
        cleanedCount: 2,
        staleCount: 2,
        goneCount: 0,
        failedCount: 0,
        scannedCount: 4,
        resumed: false,
        complete: true,
      },
    });
    expect(await status(h, 'stale')).toBe('DISCONNECTED');
    expect(await status(h, 'very-stale')).toBe('DISCONNECTED');
    expect(await status(h, 'fresh')).toBe('CONNECTED');
    expect(await status(h, 'boundary')).toBe('CONNECTED');
  });

  it('spares a stale connection that sent a frame between the scan and the write', async () => {
    const h = createHarness();
    await h.connect('woke-up', { idleMs: 2 * HOUR });
    await h.connect('asleep', { idleMs: 2 * HOUR });
    const markDisconnected = h.connections.markDisconnected.bind(h.connections);
    jest.spyOn(h.connections, 'markDisconnected').mockImplementation(async (connectionId, options) => {
      if (connectionId === 'woke-up') await h.connections.touch('woke-up', h.now()); // the router, mid-cleanup
      return markDisconnected(connectionId, options);
    });

    const response = await h.handler(cleanup);

    expect(response.body).toMatchObject({ staleCount: 1, cleanedCount: 1, failedCount: 0 });
    expect(await status(h, 'woke-up')).toBe('CONNECTED');
    expect(await status(h, 'asleep')).toBe('DISCONNECTED');
  });

  it('honours a configured STALE_AFTER', async () => {
    const h = createHarness({ staleAfterMs: 5 * 60_000 });
    await h.connect('idle-6m', { idleMs: 6 * 60_000 });
    await h.connect('idle-4m', { idleMs: 4 * 60_000 });
    await h.handler(cleanup);
    expect(await status(h, 'idle-6m')).toBe('DISCONNECTED');
    expect(await status(h, 'idle-4m')).toBe('CONNECTED');
  });

  it('disconnects fresh connections the gateway no longer knows (410) and keeps live ones', async () => {
    const h = createHarness();
    await h.connect('live');
    await h.connect('gone');
    h.gateway.setStatus('gone', 410);

    const response = await h.handler(cleanup);

    expect(response.body).toMatchObject({ cleanedCount: 1, staleCount: 0, goneCount: 1, failedCount: 0 });
    expect(await status(h, 'gone')).toBe('DISCONNECTED');
    expect(await status(h, 'live')).toBe('CONNECTED');
  });

  it('checks only connections that are not already stale, each once', async () => {
    const h = createHarness();
    await h.connect('stale', { idleMs: 2 * HOUR });
    await h.connect('fresh');
    await h.handler(cleanup);
    expect(h.gateway.countCalls('get', 'stale')).toBe(0);
    expect(h.gateway.countCalls('get', 'fresh')).toBe(1);
  });

  it('leaves a connection alone when the gateway check fails for another reason, and logs it', async () => {
    const h = createHarness();
    await h.connect('flaky');
    await h.connect('live');
    h.gateway.setStatus('flaky', 500);

    const response = await h.handler(cleanup);

    expect(response.body).toMatchObject({ cleanedCount: 0, failedCount: 1, complete: true });
    expect(await status(h, 'flaky')).toBe('CONNECTED');
    expect(h.logger.lines.filter((line) => line.level === 'warn').map((e) => e.message)).toEqual(['Gateway check failed; connection left as is']);
  });

  it('stops checking when every check of a page fails (management API down) and reports an incomplete run', async () => {
    const h = createHarness({ cleanupPageSize: 10 });
    for (let i = 0; i < 25; i++) await h.connect(`c${String(i).padStart(2, '0')}`);
    h.gateway.defaultStatus = 503;

    const response = await h.handler(cleanup);

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ cleanedCount: 0, failedCount: 10, complete: false });
    expect(h.gateway.countCalls('get')).toBe(10);
    expect(h.logger.lines.filter((line) => line.level === 'error').map((e) => e.message)).toEqual([
      'Every gateway check of a page failed; cleanup stopped',
    ]);
  });

  it('drops the subscriptions of the connections it disconnects', async () => {
    const h = createHarness();
    await h.connect('stale', { idleMs: 2 * HOUR, tenantId: 'acme' });
    await h.connect('live', { tenantId: 'acme' });
    await h.subscriptions.add({ tenantId: 'acme', topic: 'news', connectionId: 'stale', userId: 'user-1' });
    await h.subscriptions.add({ tenantId: 'acme', topic: 'news', connectionId: 'live', userId: 'user-1' });

    await h.handler(cleanup);

    const left: string[] = [];
    for await (const s of h.subscriptions.byTopic('acme', 'news')) left.push(s.connectionId);
    expect(left).toEqual(['live']);
  });

  it('works page by page with bounded concurrency for gateway checks', async () => {
    const h = createHarness({ cleanupConcurrency: 4, cleanupPageSize: 10 });
    for (let i = 0; i < 35; i++) await h.connect(`c${String(i).padStart(2, '0')}`);
    for (const id of ['c03', 'c17', 'c34']) h.gateway.setStatus(id, 410);

    const response = await h.handler(cleanup);

    expect(response.body).toMatchObject({ goneCount: 3, cleanedCount: 3 });
    expect(h.gateway.countCalls('get')).toBe(35);
    expect(new Set(h.gateway.calls.map((c) => c.connectionId)).size).toBe(35);
    expect(h.gateway.maxInFlight).toBe(4);
  });

  it('runs on an EventBridge scheduled event', async () => {
    const h = createHarness();
    await h.connect('stale', { idleMs: 2 * HOUR });
    await h.connect('gone');
    h.gateway.setStatus('gone', 410);

    const response = await h.handler(scheduledEvent);

    expect(response.statusCode).toBe(200);
    expect(response.body).toMatchObject({ message: 'Stale connections cleaned up', cleanedCount: 2 });
    expect(await status(h, 'stale')).toBe('DISCONNECTED');
  });

  it('leaves requests alone: expired leases and stalled retries are the processor sweeps’', async () => {
    const h = createHarness();
    await h.requests.create({ requestId: 'r1', connectionId: 'c1', userId: 'user-1', tenantId: 'tenant-1', clientId: 'client-r1', action: 'generate_report', payload: {} });
    await h.requests.claim('r1', { leaseMs: 1_000 });
    h.advance(5_000);

    const response = await h.handler(cleanup);

    expect(response.body).not.toHaveProperty('requeuedCount');
    expect(await h.requests.get('r1')).toMatchObject({ status: 'processing', attempts: 1 });
  });

  it('stops between pages near the Lambda deadline and finishes on the next run', async () => {
    const h = createHarness({ cleanupPageSize: 10 });
    for (let i = 0; i < 25; i++) await h.connect(`s${String(i).padStart(2, '0')}`, { idleMs: 2 * HOUR });
    let checks = 0;
    const nearlyOutOfTime = { getRemainingTimeInMillis: () => (++checks <= 1 ? 60_000 : 1_000) };

    const first = await h.handler(cleanup, nearlyOutOfTime);
    expect(first.body).toMatchObject({ staleCount: 10, complete: false });

    const second = await h.handler(cleanup, { getRemainingTimeInMillis: () => 60_000 });
    expect(second.body).toMatchObject({ staleCount: 15, complete: true });
  });

  it('visits each connection once across bounded runs: the second goes on where the first stopped', async () => {
    const h = createHarness({ cleanupPageSize: 8, cleanupMaxItems: 20 });
    for (let i = 0; i < 35; i++) await h.connect(`f${String(i).padStart(2, '0')}`, { idleMs: (i % 7) * 60_000 });
    for (let i = 0; i < 5; i++) await h.connect(`s${i}`, { idleMs: 2 * HOUR });
    await h.connections.markDisconnected('f00');

    const first = await h.handler(cleanup);
    expect(first.body).toMatchObject({ scannedCount: 20, resumed: false, complete: false });
    const second = await h.handler(cleanup);
    expect(second.body).toMatchObject({ scannedCount: 19, resumed: true, complete: true });

    expect((first.body as { staleCount: number }).staleCount + (second.body as { staleCount: number }).staleCount).toBe(5);
    const checked = h.gateway.calls.filter((c) => c.operation === 'get').map((c) => c.connectionId);
    expect(checked).toHaveLength(34);
    expect(new Set(checked).size).toBe(34);
    expect(checked).not.toContain('f00');
    // The walk is over: the next run starts a new one.
    const third = await h.handler(cleanup);
    expect(third.body).toMatchObject({ scannedCount: 20, resumed: false, complete: false });
  });

  it('rejects parameters it does not take', async () => {
    const h = createHarness();
    const response = await h.handler({ ...cleanup, olderThan: 5 });
    expect(response).toEqual({
      statusCode: 400,
      body: { code: 'INVALID_INPUT', message: 'unknown parameter olderThan for cleanup_stale_connections' },
    });
  });
});
