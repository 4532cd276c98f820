import { ManualClock } from '@streamer/kernel/testing';
import { createPublisher } from './publish';
import { setup, type Setup } from './test-support/manager-setup';

const T0 = 1_764_950_400_000;

describe('createPublisher', () => {
  let s: Setup;
  let clock: ManualClock;
  afterEach(() => s.manager.shutdown({ timeoutMs: 1000 }));

  function publisher(retentionSeconds?: number) {
    clock = new ManualClock(T0);
    return createPublisher({ manager: s.manager, events: s.stores.events, connections: s.stores.connections, clock, retentionSeconds });
  }

  async function subscribe(connectionId: string, topic: string, tenantId = 'tenant-1'): Promise<void> {
    await s.connect(connectionId, { tenantId });
    await s.stores.subscriptions.add({ tenantId, topic, connectionId, userId: 'user-1' });
  }

  it('stores a topic event with the next seq, then sends it with its position to the subscribers of that tenant only', async () => {
    s = setup();
    const publish = publisher();
    await subscribe('a', 'news');
    await subscribe('b', 'news');
    await subscribe('other-tenant', 'news', 'tenant-2');
    await subscribe('other-topic', 'sport');
    expect(await publish.publish('tenant-1', { topic: 'news' }, { n: 1 })).toEqual({ sent: 2, gone: 0, failed: 0, seq: 1 });
    clock.advance(5);
    expect(await publish.publish('tenant-1', { topic: 'news' }, { n: 2 })).toEqual({ sent: 2, gone: 0, failed: 0, seq: 2 });
    expect(s.gateway.delivered('a')).toEqual([
      { type: 'event', topic: 'news', seq: 1, publishedAt: T0, data: { n: 1 } },
      { type: 'event', topic: 'news', seq: 2, publishedAt: T0 + 5, data: { n: 2 } },
    ]);
    expect(s.gateway.delivered('other-tenant')).toEqual([]);
    expect(s.gateway.delivered('other-topic')).toEqual([]);
    const history = await s.stores.events.read({ tenantId: 'tenant-1', topic: 'news', after: 0, now: T0 });
    expect(history.events.map((e) => [e.seq, e.data])).toEqual([[1, { n: 1 }], [2, { n: 2 }]]);
    expect(await s.stores.events.read({ tenantId: 'tenant-2', topic: 'news', after: 0, now: T0 })).toMatchObject({ head: 0 });
  });

  it('keeps a topic event for the retention it was given', async () => {
    s = setup();
    await publisher(60).publish('tenant-1', { topic: 'news' }, 'brief');
    const read = (now: number) => s.stores.events.read({ tenantId: 'tenant-1', topic: 'news', after: 0, now });
    expect((await read(T0 + 59_000)).events).toHaveLength(1);
    expect(await read(T0 + 61_000)).toEqual({ events: [], head: 1, truncated: true });
  });

  it('counts gone and failing subscribers instead of throwing, and keeps the event for their replay', async () => {
    s = setup();
    const publish = publisher();
    await subscribe('ok', 'news');
    await subscribe('gone', 'news');
    await subscribe('broken', 'news');
    s.gateway.setStatus('gone', 410);
    s.gateway.setStatus('broken', 500);
    expect(await publish.publish('tenant-1', { topic: 'news' }, 1)).toEqual({ sent: 1, gone: 1, failed: 1, seq: 1 });
    expect((await s.stores.events.read({ tenantId: 'tenant-1', topic: 'news', after: 0, now: T0 })).head).toBe(1);
  });

  it('pushes to a user of the tenant only, ephemerally: no seq, nothing stored', async () => {
    s = setup();
    const publish = publisher();
    await s.connect('u1-a', { userId: 'u1' });
    await s.connect('u1-b', { userId: 'u1' });
    await s.connect('u1-other-tenant', { userId: 'u1', tenantId: 'tenant-2' });
    await s.connect('u2', { userId: 'u2' });
    expect(await publish.publish('tenant-1', { userId: 'u1' }, { hi: 1 })).toEqual({ sent: 2, gone: 0, failed: 0 });
    expect(s.gateway.delivered('u1-a')).toEqual([{ type: 'event', topic: '@user', data: { hi: 1 } }]);
    expect(s.gateway.delivered('u1-other-tenant')).toEqual([]);
    expect(s.gateway.delivered('u2')).toEqual([]);
  });

  it('pushes to every connection of the tenant', async () => {
    s = setup();
    await Promise.all(['a', 'b'].map((id) => s.connect(id)));
    await s.connect('elsewhere', { tenantId: 'tenant-2' });
    expect(await publisher().publish('tenant-1', { tenant: true }, 'all')).toEqual({ sent: 2, gone: 0, failed: 0 });
    expect(s.gateway.delivered('b')).toEqual([{ type: 'event', topic: '@tenant', data: 'all' }]);
    expect(s.gateway.delivered('elsewhere')).toEqual([]);
  });

  it('reaches a connection of the tenant, and treats another tenant’s connection as unknown', async () => {
    s = setup();
    const publish = publisher();
    await s.connect('mine');
    await s.connect('theirs', { tenantId: 'tenant-2' });
    await s.connect('left', { status: 'DISCONNECTED' });
    await s.connect('dropped');
    s.gateway.setStatus('dropped', 410);
    expect(await publish.publish('tenant-1', { connectionId: 'mine' }, 1)).toEqual({ sent: 1, gone: 0, failed: 0 });
    expect(s.gateway.delivered('mine')).toEqual([{ type: 'event', topic: '@connection', data: 1 }]);
    expect(await publish.publish('tenant-1', { connectionId: 'theirs' }, 1)).toEqual({ sent: 0, gone: 0, failed: 0 });
    expect(await publish.publish('tenant-1', { connectionId: 'nobody' }, 1)).toEqual({ sent: 0, gone: 0, failed: 0 });
    expect(await publish.publish('tenant-1', { connectionId: 'left' }, 1)).toEqual({ sent: 0, gone: 0, failed: 0 });
    expect(await publish.publish('tenant-1', { connectionId: 'dropped' }, 1)).toEqual({ sent: 0, gone: 1, failed: 0 });
    expect(s.gateway.countCalls('post', 'theirs')).toBe(0);
  });

  it('refuses an event that cannot be sent before storing it', async () => {
    s = setup();
    const publish = publisher();
    await subscribe('a', 'news');
    const large = 'x'.repeat(128 * 1024 - 60);
    await expect(publish.publish('tenant-1', { topic: 'news' }, large)).rejects.toMatchObject({ name: 'UnsendableMessageError', reason: 'too-large' });
    await expect(publish.publish('tenant-1', { topic: 'news' }, { n: 1n })).rejects.toMatchObject({ name: 'UnsendableMessageError' });
    await expect(publish.publish('tenant-1', { userId: 'u' }, large + 'x'.repeat(100))).rejects.toMatchObject({ reason: 'too-large' });
    expect(await s.stores.events.read({ tenantId: 'tenant-1', topic: 'news', after: 0, now: T0 })).toMatchObject({ head: 0 });
    expect(s.gateway.countCalls('post')).toBe(0);
  });

  it.each([
    [{ topic: 'news', userId: 'u' }],
    [{}],
    [{ topic: 'with space' }],
    [{ tenant: false }],
    [{ userId: '' }],
    [{ connectionId: 7 }],
    [{ everyone: true }],
  ])('refuses the target %p', async (target) => {
    s = setup();
    await expect(publisher().publish('tenant-1', target as never, 1)).rejects.toBeInstanceOf(TypeError);
  });

  it('refuses a publication without a tenant', async () => {
    s = setup();
    await expect(publisher().publish('', { topic: 'news' }, 1)).rejects.toBeInstanceOf(TypeError);
  });
});
