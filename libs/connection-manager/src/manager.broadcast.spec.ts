import { BroadcastPartialFailureError, type BroadcastResult, GatewayError } from './index';
import { recordingSleep, setup, type Setup } from './test-support/manager-setup';

async function partialResult(promise: Promise<unknown>): Promise<BroadcastResult> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BroadcastPartialFailureError);
  return (error as BroadcastPartialFailureError).result;
}

describe('ConnectionManager.broadcast', () => {
  let s: Setup;
  afterEach(async () => {
    jest.useRealTimers();
    await s.manager.shutdown({ timeoutMs: 1000 });
  });

  async function connectTenant(n: number, tenantId = 'tenant-1', prefix = 'c'): Promise<string[]> {
    const ids = Array.from({ length: n }, (_, i) => `${prefix}${i}`);
    await Promise.all(ids.map((id) => s.connect(id, { tenantId })));
    return ids;
  }

  it('broadcasts to 10 000 connections with 10% gone and 5% failing: exact counts, never over the concurrency limit', async () => {
    s = setup({ sleep: recordingSleep().sleep, fake: { latencyMs: 1 } });
    const ids = await connectTenant(10_000);
    ids.forEach((id, i) => {
      if (i % 10 === 0) s.gateway.setStatus(id, 410);
      else if (i % 20 === 1) s.gateway.setStatus(id, 500);
    });
    const result = await partialResult(s.manager.broadcast({ tenantId: 'tenant-1' }, { type: 'event', topic: 'all' }));
    expect(result.sent).toBe(8_500);
    expect(result.gone).toBe(1_000);
    expect(result.failedCount).toBe(500);
    expect(result.failed).toHaveLength(500);
    expect(result.failed.every((f) => f.error instanceof GatewayError && f.error.kind === 'server')).toBe(true);
    expect(new Set(result.failed.map((f) => f.connectionId))).toEqual(new Set(ids.filter((_, i) => i % 20 === 1)));
    expect(s.gateway.maxInFlight).toBe(50);
    expect(s.gateway.countCalls('post')).toBe(8_500 + 1_000 + 500 * 3);

    await s.manager.shutdown();
    expect((await s.stores.connections.get('c0'))?.status).toBe('DISCONNECTED');
    expect((await s.stores.connections.get('c1'))?.status).toBe('CONNECTED');
    expect(s.manager.getMetrics().broadcast).toMatchObject({ partial: 1, sent: 8_500, gone: 1_000, failed: 500 });
    expect(s.manager.getMetrics().background.cleanupsStarted).toBe(1_000);
  }, 30_000); // 10 000 in-memory deliveries: a loaded 2-core machine needs more than the default 5 s

  it('honours a smaller concurrency limit', async () => {
    s = setup({ fake: { latencyMs: 1 } });
    await connectTenant(100);
    const result = await s.manager.broadcast({ tenantId: 'tenant-1' }, {}, { concurrency: 7 });
    expect(result).toEqual({ sent: 100, gone: 0, failed: [], failedCount: 0 });
    expect(s.gateway.maxInFlight).toBe(7);
  });

  it('broadcasts to 100 connections in parallel', async () => {
    s = setup({ fake: { latencyMs: 1 } });
    const ids = await connectTenant(100);
    const result = await s.manager.broadcast(ids, { type: 'announcement', message: 'System update in 5 minutes' });
    expect(result.sent).toBe(100);
    expect(ids.every((id) => s.gateway.delivered(id).length === 1)).toBe(true);
    expect(s.gateway.maxInFlight).toBe(50);
  });

  it('serialises the message once for all recipients', async () => {
    s = setup();
    await connectTenant(100);
    const toJSON = jest.fn(() => ({ type: 'event' }));
    await s.manager.broadcast({ tenantId: 'tenant-1' }, { toJSON });
    expect(toJSON).toHaveBeenCalledTimes(1);
    expect(s.gateway.delivered('c99')).toEqual([{ type: 'event' }]);
  });

  it('streams tenant recipients from the store page by page instead of loading the tenant first', async () => {
    s = setup({ fake: { latencyMs: 1 } });
    await connectTenant(1_000);
    const connectedIds = s.stores.connections.connectedIds.bind(s.stores.connections);
    let pulled = 0;
    let pulledAtFirstPost: number | undefined;
    jest.spyOn(s.stores.connections, 'connectedIds').mockImplementation((scope, options) =>
      (async function* () {
        for await (const page of connectedIds(scope, options)) {
          pulled += page.length;
          yield page;
        }
      })(),
    );
    const post = s.gateway.post.bind(s.gateway);
    jest.spyOn(s.gateway, 'post').mockImplementation((id, data) => {
      pulledAtFirstPost ??= pulled;
      return post(id, data);
    });
    await s.manager.broadcast({ tenantId: 'tenant-1' }, {}, { concurrency: 5, pageSize: 25 });
    expect(pulledAtFirstPost).toBe(25);
    expect(pulled).toBe(1_000);
    expect(s.stores.connections.connectedIds).toHaveBeenCalledWith({ tenantId: 'tenant-1' }, { pageSize: 25 });
  });

  it('keeps at most `concurrency` deliveries in flight across page boundaries, and reaches every recipient once', async () => {
    s = setup({ fake: { latencyMs: 1 } });
    const ids = await connectTenant(103);
    let inFlight = 0;
    let peak = 0;
    const post = s.gateway.post.bind(s.gateway);
    jest.spyOn(s.gateway, 'post').mockImplementation(async (id, data) => {
      peak = Math.max(peak, ++inFlight);
      try {
        await post(id, data);
      } finally {
        inFlight -= 1;
      }
    });
    const result = await s.manager.broadcast({ tenantId: 'tenant-1' }, {}, { concurrency: 7, pageSize: 10 });
    expect(result.sent).toBe(103);
    expect(peak).toBe(7);
    expect(s.gateway.posts.map((p) => p.connectionId).sort()).toEqual([...ids].sort());
  });

  it('never touches lastActiveAt for broadcast deliveries (sends still do)', async () => {
    s = setup();
    await connectTenant(5);
    const touch = jest.spyOn(s.stores.connections, 'touch');
    await s.manager.broadcast({ tenantId: 'tenant-1' }, { hello: 'all' });
    await s.manager.broadcast(['c0', 'c1'], { hello: 'some' });
    await s.manager.flush();
    expect(touch).not.toHaveBeenCalled();
    await s.manager.send('c0', { hello: 'one' });
    await s.manager.flush();
    expect(touch).toHaveBeenCalledWith('c0', expect.any(Number));
  });

  it('skips the per-recipient store lookup for recipients read from the store', async () => {
    s = setup();
    await connectTenant(20);
    const get = jest.spyOn(s.stores.connections, 'get');
    await s.manager.broadcast({ tenantId: 'tenant-1' }, {});
    expect(get).not.toHaveBeenCalled();
  });

  it('broadcasts to every connection of a user within the tenant only', async () => {
    s = setup();
    await s.connect('u1-a', { userId: 'u1' });
    await s.connect('u1-b', { userId: 'u1', tenantId: 'tenant-1' });
    await s.connect('u2-a', { userId: 'u2' });
    await s.connect('u1-old', { userId: 'u1', status: 'DISCONNECTED' });
    await s.connect('u1-elsewhere', { userId: 'u1', tenantId: 'tenant-2' });
    const result = await s.manager.broadcast({ tenantId: 'tenant-1', userId: 'u1' }, { hello: 'user' });
    expect(result.sent).toBe(2);
    expect(s.gateway.posts.map((p) => p.connectionId).sort()).toEqual(['u1-a', 'u1-b']);
  });

  it('broadcasts to a topic within one tenant only', async () => {
    s = setup();
    await Promise.all(['a', 'b', 'c', 'd'].map((id) => s.connect(id)));
    const subscribe = (tenantId: string, topic: string, connectionId: string) =>
      s.stores.subscriptions.add({ tenantId, topic, connectionId, userId: 'user-1' });
    await subscribe('t1', 'news', 'a');
    await subscribe('t1', 'news', 'b');
    await subscribe('t2', 'news', 'c');
    await subscribe('t1', 'sport', 'd');
    const result = await s.manager.broadcast({ tenantId: 't1', topic: 'news' }, { type: 'event', topic: 'news' });
    expect(result.sent).toBe(2);
    expect(s.gateway.posts.map((p) => p.connectionId).sort()).toEqual(['a', 'b']);
  });

  it('checks the store for each id of an id list, counting unknown ones as gone, once per id', async () => {
    s = setup();
    await s.connect('c1');
    const get = jest.spyOn(s.stores.connections, 'get');
    const result = await s.manager.broadcast(['c1', 'unknown', 'c1'], {});
    expect(result).toEqual({ sent: 1, gone: 1, failed: [], failedCount: 0 });
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('reads the store for an id list once per status-cache lifetime, not on every broadcast', async () => {
    s = setup();
    await connectTenant(3);
    const get = jest.spyOn(s.stores.connections, 'get');
    await s.manager.broadcast(['c0', 'c1', 'c2'], {});
    await s.manager.broadcast(['c0', 'c1', 'c2'], {});
    expect(get).toHaveBeenCalledTimes(3);
  });

  it('continues past failures and reports each failed connection with its cause', async () => {
    s = setup({ sleep: recordingSleep().sleep });
    const ids = await connectTenant(10);
    s.gateway.setStatus('c3', 403);
    s.gateway.setStatus('c7', 'timeout');
    const error = await s.manager.broadcast(ids, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BroadcastPartialFailureError);
    const partial = error as BroadcastPartialFailureError;
    expect(partial.result.sent).toBe(8);
    expect(partial.result.failed.map((f) => [f.connectionId, (f.error as GatewayError).kind]).sort()).toEqual([
      ['c3', 'forbidden'],
      ['c7', 'timeout'],
    ]);
    expect(partial.retryable).toBe(false);
    expect(partial.toJSON()).toMatchObject({ code: 'BROADCAST_PARTIAL_FAILURE', sent: 8, gone: 0, failedCount: 2 });
  });

  it('does not count gone connections as failures', async () => {
    s = setup();
    const ids = await connectTenant(5);
    s.gateway.setStatus('c2', 410);
    await expect(s.manager.broadcast(ids, {})).resolves.toEqual({ sent: 4, gone: 1, failed: [], failedCount: 0 });
  });

  it('caps the failure details it keeps while counting every failure', async () => {
    s = setup({ retry: { attempts: 1 }, fake: { defaultStatus: 400 } });
    await connectTenant(30);
    const result = await partialResult(s.manager.broadcast({ tenantId: 'tenant-1' }, {}, { maxFailureDetails: 10 }));
    expect(result.failedCount).toBe(30);
    expect(result.failed).toHaveLength(10);
  });

  it('processes recipients with a worker pool, not fixed batches', async () => {
    s = setup({ fake: { latencyMs: 0 } });
    const ids = await connectTenant(20);
    s.gateway.setLatency('c0', 30);
    const finished: string[] = [];
    const post = s.gateway.post.bind(s.gateway);
    jest.spyOn(s.gateway, 'post').mockImplementation(async (id, data) => {
      await post(id, data);
      finished.push(id);
    });
    await s.manager.broadcast(ids, {}, { concurrency: 2 });
    expect(finished).toHaveLength(20);
    expect(finished[19]).toBe('c0');
  });

  it('stops and rethrows when the store fails while streaming recipients', async () => {
    s = setup();
    await connectTenant(3);
    const failure = new Error('store unavailable');
    jest.spyOn(s.stores.connections, 'connectedIds').mockImplementation(() =>
      (async function* (): AsyncGenerator<readonly string[]> {
        yield ['c0', 'c1', 'c2'];
        throw failure;
      })(),
    );
    await expect(s.manager.broadcast({ tenantId: 'tenant-1' }, {})).rejects.toBe(failure);
    expect(s.gateway.countCalls('post')).toBe(3);
  });

  it('rejects malformed targets and concurrency', async () => {
    s = setup();
    await expect(s.manager.broadcast({ tenantId: 'tenant-1', userId: '' }, {})).rejects.toBeInstanceOf(TypeError);
    // @ts-expect-error a user target without its tenant does not type-check
    await expect(s.manager.broadcast({ userId: 'u1' }, {})).rejects.toBeInstanceOf(TypeError);
    await expect(s.manager.broadcast({ topic: 'news' } as never, {})).rejects.toBeInstanceOf(TypeError);
    await expect(s.manager.broadcast([], {}, { concurrency: 0 })).rejects.toBeInstanceOf(RangeError);
  });

  it('follows the protocol topic rule: refuses topics nobody could subscribe to, accepts the longest valid one', async () => {
    s = setup();
    const byTopic = jest.spyOn(s.stores.subscriptions, 'byTopic');
    for (const topic of ['with space', 'a#b', '', 't'.repeat(257)]) {
      await expect(s.manager.broadcast({ tenantId: 'tenant-1', topic }, {})).rejects.toBeInstanceOf(TypeError);
    }
    expect(byTopic).not.toHaveBeenCalled();
    const topic = `alerts@acme/${'t'.repeat(244)}`;
    await s.connect('c1');
    await s.stores.subscriptions.add({ tenantId: 'tenant-1', topic, connectionId: 'c1', userId: 'user-1' });
    expect(await s.manager.broadcast({ tenantId: 'tenant-1', topic }, { type: 'event', topic, data: 1 })).toMatchObject({ sent: 1 });
  });

  it('rejects an unserialisable broadcast message before reading any recipient', async () => {
    s = setup();
    const byTenant = jest.spyOn(s.stores.connections, 'byTenant');
    await expect(s.manager.broadcast({ tenantId: 'tenant-1' }, { n: 1n })).rejects.toMatchObject({ name: 'UnsendableMessageError' });
    expect(byTenant).not.toHaveBeenCalled();
  });
});
