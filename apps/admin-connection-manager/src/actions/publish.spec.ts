import { createHarness } from '../test-support/harness';

/** An EventBridge event as a rule delivers it to a Lambda target (eb-events-structure). */
function eventBridgeEvent(detail: unknown, detailType = 'Streamer Publish') {
  return {
    version: '0',
    id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
    'detail-type': detailType,
    source: 'com.example.orders',
    account: '111122223333',
    time: '2026-12-06T05:00:00Z',
    region: 'eu-west-1',
    resources: [],
    detail,
  };
}

async function subscribed(h: ReturnType<typeof createHarness>, connectionId: string, topic: string, tenantId = 'tenant-1') {
  await h.connect(connectionId, { tenantId });
  await h.subscriptions.add({ tenantId, topic, connectionId, userId: 'user-1' });
}

describe('publish', () => {
  it('stores a topic event with its seq and sends it to the topic’s subscribers in that tenant', async () => {
    const h = createHarness();
    await subscribed(h, 'c1', 'news');
    await subscribed(h, 'c2', 'news', 'tenant-2');
    const first = await h.handler({ action: 'publish', tenantId: 'tenant-1', topic: 'news', data: { x: 1 } });
    const second = await h.handler({ action: 'publish', tenantId: 'tenant-1', topic: 'news', data: { x: 2 } });
    expect(first).toEqual({ statusCode: 200, body: { sent: 1, gone: 0, failed: 0, seq: 1 } });
    expect(second).toEqual({ statusCode: 200, body: { sent: 1, gone: 0, failed: 0, seq: 2 } });
    expect(h.gateway.delivered('c1')).toEqual([
      { type: 'event', topic: 'news', seq: 1, publishedAt: h.now(), data: { x: 1 } },
      { type: 'event', topic: 'news', seq: 2, publishedAt: h.now(), data: { x: 2 } },
    ]);
    expect(h.gateway.delivered('c2')).toEqual([]);
    expect((await h.events.read({ tenantId: 'tenant-1', topic: 'news', after: 0, now: h.now() })).head).toBe(2);
  });

  it('pushes to a user or a connection of the tenant without storing anything', async () => {
    const h = createHarness();
    await h.connect('a', { userId: 'alice' });
    await h.connect('a-elsewhere', { userId: 'alice', tenantId: 'tenant-2' });
    expect(await h.handler({ action: 'publish', tenantId: 'tenant-1', userId: 'alice', data: 'hi' })).toEqual({
      statusCode: 200,
      body: { sent: 1, gone: 0, failed: 0 },
    });
    expect(await h.handler({ action: 'publish', tenantId: 'tenant-1', connectionId: 'a-elsewhere', data: 'hi' })).toEqual({
      statusCode: 200,
      body: { sent: 0, gone: 0, failed: 0 },
    });
    expect(h.gateway.delivered('a')).toEqual([{ type: 'event', topic: '@user', data: 'hi' }]);
    expect(h.gateway.delivered('a-elsewhere')).toEqual([]);
  });

  it('publishes `null` data, and counts gone subscribers', async () => {
    const h = createHarness();
    await subscribed(h, 'gone', 'news');
    h.gateway.setStatus('gone', 410);
    const response = await h.handler({ action: 'publish', tenantId: 'tenant-1', topic: 'news', data: null });
    expect(response).toEqual({ statusCode: 200, body: { sent: 0, gone: 1, failed: 0, seq: 1 } });
  });

  it.each([
    ['no target', { tenantId: 't', data: 1 }, 'exactly one of topic, userId, connectionId is required, got none'],
    ['two targets', { tenantId: 't', topic: 'news', userId: 'u', data: 1 }, 'exactly one of topic, userId, connectionId is required, got topic and userId'],
    ['no data', { tenantId: 't', topic: 'news' }, 'data is required (any JSON value)'],
    ['no tenant', { topic: 'news', data: 1 }, 'tenantId is required'],
    ['a topic with a space', { tenantId: 't', topic: 'with space', data: 1 }, 'topic must match'],
    ['an empty topic', { tenantId: 't', topic: '', data: 1 }, 'topic must match'],
    ['an empty userId', { tenantId: 't', userId: '', data: 1 }, 'userId must not be empty'],
    ['an unknown field', { tenantId: 't', topic: 'news', data: 1, seq: 4 }, 'unknown parameter seq for publish'],
    ['data over 128 KB as a frame', { tenantId: 't', topic: 'news', data: 'x'.repeat(128 * 1024) }, 'data cannot be published'],
  ])('answers 400 for %#: %s', async (_label, fields, message) => {
    const h = createHarness();
    const response = await h.handler({ action: 'publish', ...fields });
    expect(response.statusCode).toBe(400);
    expect((response.body as { message: string }).message).toContain(message);
    expect((await h.events.read({ tenantId: 't', topic: 'news', after: 0, now: h.now() })).head).toBe(0);
  });

  it('treats an EventBridge `Streamer Publish` event as publish, with its detail as the fields', async () => {
    const h = createHarness();
    await subscribed(h, 'c1', 'orders');
    const response = await h.handler(eventBridgeEvent({ tenantId: 'tenant-1', topic: 'orders', data: { orderId: 7 } }));
    expect(response).toEqual({ statusCode: 200, body: { sent: 1, gone: 0, failed: 0, seq: 1 } });
    expect(h.gateway.delivered('c1')).toEqual([{ type: 'event', topic: 'orders', seq: 1, publishedAt: h.now(), data: { orderId: 7 } }]);
  });

  it('cannot be turned into another action by the detail', async () => {
    const h = createHarness();
    await h.connect('c1');
    const response = await h.handler(eventBridgeEvent({ action: 'disconnect_connection', connectionId: 'c1' }));
    expect(response.statusCode).toBe(400);
    expect((await h.connections.get('c1'))?.status).toBe('CONNECTED');
    expect(h.logger.lines.filter((line) => line.level === 'warn').map((line) => line.message)).toEqual(['Streamer Publish event refused']);
  });

  it('answers 400 for a Streamer Publish event without an object detail', async () => {
    const h = createHarness();
    expect(await h.handler(eventBridgeEvent('news'))).toEqual({
      statusCode: 400,
      body: { code: 'INVALID_INPUT', message: 'Streamer Publish: detail must be a JSON object' },
    });
  });

  it('throws on a store failure from EventBridge, so Lambda retries the event; answers 500 when invoked directly', async () => {
    const h = createHarness();
    const down = new Error('DynamoDB unavailable');
    h.events.append = () => Promise.reject(down);
    const fields = { tenantId: 'tenant-1', topic: 'news', data: 1 };
    await expect(h.handler(eventBridgeEvent(fields))).rejects.toMatchObject({ name: 'PublishFailedError' });
    expect(await h.handler({ action: 'publish', ...fields })).toMatchObject({ statusCode: 500 });
  });
});
