import { ConnectionNotFoundError, ConnectionStaleError, GatewayError, UnsendableMessageError, isConnectionGone } from './errors';
import { recordingSleep, setup, type Setup } from './test-support/manager-setup';

describe('ConnectionManager.send', () => {
  let s: Setup;
  afterEach(async () => {
    jest.useRealTimers();
    await s.manager.shutdown({ timeoutMs: 50 });
  });

  describe('delivery', () => {
    it('sends a JSON message to one connection through the management API', async () => {
      s = setup();
      await s.connect('c1');
      await s.manager.send('c1', { type: 'progress', requestId: 'r1', progress: 0.455, message: 'Processing…' });
      expect(s.gateway.delivered('c1')).toEqual([{ type: 'progress', requestId: 'r1', progress: 0.455, message: 'Processing…' }]);
    });

    it('delivers progress updates to one connection in the order they were sent', async () => {
      s = setup();
      await s.connect('c1');
      for (let p = 0; p <= 100; p += 10) await s.manager.send('c1', { type: 'progress', progress: p / 100 });
      expect(s.gateway.delivered('c1').map((m) => (m as { progress: number }).progress)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    });

    it('sends bytes as they are, without serialising them again', async () => {
      s = setup();
      await s.connect('c1');
      const bytes = Buffer.from('{"already":"encoded"}');
      await s.manager.send('c1', bytes);
      expect(Buffer.from(s.gateway.posts[0]?.data ?? []).toString()).toBe('{"already":"encoded"}');
    });

    it('sends 1000 concurrent messages to 1000 connections', async () => {
      s = setup({ fake: { latencyMs: 1 } });
      const ids = Array.from({ length: 1000 }, (_, i) => `c${i}`);
      await Promise.all(ids.map((id) => s.connect(id)));
      await Promise.all(ids.map((id, i) => s.manager.send(id, { n: i })));
      expect(s.gateway.posts).toHaveLength(1000);
      expect(ids.every((id, i) => (s.gateway.delivered(id)[0] as { n: number }).n === i)).toBe(true);
      expect(s.gateway.maxInFlight).toBeGreaterThan(1);
      const metrics = s.manager.getMetrics();
      expect(metrics.send.succeeded).toBe(1000);
      expect(metrics.inFlight).toEqual({ sends: 0, broadcasts: 0, checks: 0, gatewayCalls: 0 });
    });
  });

  describe('retries', () => {
    it('retries 5xx errors and succeeds on the third attempt', async () => {
      const { sleep, delays } = recordingSleep();
      s = setup({ sleep, random: () => 0.5 });
      await s.connect('c1');
      s.gateway.script('c1', [500, 503, 200]);
      await s.manager.send('c1', { ok: true });
      expect(s.gateway.countCalls('post', 'c1')).toBe(3);
      expect(delays).toEqual([50, 100]);
      expect(s.manager.getMetrics().retries).toBe(2);
    });

    it('gives up after 3 attempts in total and throws the last gateway error', async () => {
      s = setup({ sleep: recordingSleep().sleep });
      await s.connect('c1');
      s.gateway.script('c1', [500, 502, 504, 200]);
      const error = await s.manager.send('c1', { ok: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ kind: 'server', status: 504, retryable: true, connectionId: 'c1' });
      expect(s.gateway.countCalls('post', 'c1')).toBe(3);
    });

    it.each([400, 403, 404])('does not retry a %i client error', async (status) => {
      s = setup({ sleep: recordingSleep().sleep });
      await s.connect('c1');
      s.gateway.script('c1', [status, 200]);
      await expect(s.manager.send('c1', {})).rejects.toMatchObject({ name: 'GatewayError', status, retryable: false });
      expect(s.gateway.countCalls('post', 'c1')).toBe(1);
    });

    it('retries 429 throttling (LimitExceededException)', async () => {
      s = setup({ sleep: recordingSleep().sleep });
      await s.connect('c1');
      s.gateway.script('c1', [429, 429, 200]);
      await s.manager.send('c1', {});
      expect(s.gateway.countCalls('post', 'c1')).toBe(3);
    });

    it('retries network errors and timeouts', async () => {
      s = setup({ sleep: recordingSleep().sleep });
      await s.connect('c1');
      s.gateway.script('c1', ['network', 'timeout', 200]);
      await s.manager.send('c1', {});
      expect(s.gateway.countCalls('post', 'c1')).toBe(3);
    });

    it('waits out the full-jitter backoff before each retry (fake timers)', async () => {
      jest.useFakeTimers();
      s = setup({ random: () => 0.999 });
      await s.connect('c1');
      s.gateway.script('c1', [500, 500, 200]);
      const sent = s.manager.send('c1', {});
      await jest.advanceTimersByTimeAsync(98);
      expect(s.gateway.countCalls('post')).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(s.gateway.countCalls('post')).toBe(2);
      await jest.advanceTimersByTimeAsync(198);
      expect(s.gateway.countCalls('post')).toBe(2);
      await jest.advanceTimersByTimeAsync(1);
      expect(s.gateway.countCalls('post')).toBe(3);
      await expect(sent).resolves.toBeUndefined();
    });

    it('honours a configured retry policy', async () => {
      const { sleep, delays } = recordingSleep();
      s = setup({ sleep, random: () => 0.999, retry: { attempts: 5, baseMs: 1000, capMs: 3000 } });
      await s.connect('c1');
      s.gateway.setStatus('c1', 500);
      await expect(s.manager.send('c1', {})).rejects.toBeInstanceOf(GatewayError);
      expect(delays).toEqual([999, 1998, 2997, 2997]);
    });
  });

  describe('unknown and gone connections', () => {
    it('throws ConnectionNotFoundError for a connection the store does not know, without calling the gateway', async () => {
      s = setup();
      const error = await s.manager.send('nope', {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionNotFoundError);
      expect(isConnectionGone(error)).toBe(true);
      expect(s.gateway.calls).toHaveLength(0);
    });

    it('throws ConnectionNotFoundError for a connection the store has as DISCONNECTED', async () => {
      s = setup();
      await s.connect('c1', { status: 'DISCONNECTED' });
      await expect(s.manager.send('c1', {})).rejects.toBeInstanceOf(ConnectionNotFoundError);
      expect(s.gateway.calls).toHaveLength(0);
    });

    it('on 410 marks the connection disconnected, drops its subscriptions and throws ConnectionStaleError', async () => {
      s = setup();
      await s.connect('c1');
      await s.stores.subscriptions.add({ tenantId: 'tenant-1', topic: 'news', connectionId: 'c1', userId: 'user-1' });
      s.gateway.setStatus('c1', 410);
      const error = await s.manager.send('c1', {}).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionStaleError);
      expect(isConnectionGone(error)).toBe(true);
      expect((error as Error).cause).toMatchObject({ kind: 'gone', status: 410 });
      expect(s.gateway.countCalls('post')).toBe(1);
      await s.manager.shutdown();
      expect((await s.stores.connections.get('c1'))?.status).toBe('DISCONNECTED');
      expect(await s.stores.subscriptions.removeAllForConnection('c1')).toBe(0);
    });

    it('cleans up exactly once when 100 concurrent sends hit the same gone connection', async () => {
      s = setup();
      await s.connect('c1');
      await s.stores.subscriptions.add({ tenantId: 'tenant-1', topic: 'news', connectionId: 'c1', userId: 'user-1' });
      s.gateway.setStatus('c1', 410);
      const markDisconnected = jest.spyOn(s.stores.connections, 'markDisconnected');
      const removeSubscriptions = jest.spyOn(s.stores.subscriptions, 'removeTopics');
      const results = await Promise.allSettled(Array.from({ length: 100 }, () => s.manager.send('c1', {})));
      expect(results.every((r) => r.status === 'rejected' && r.reason instanceof ConnectionStaleError)).toBe(true);
      await s.manager.shutdown();
      expect(markDisconnected).toHaveBeenCalledTimes(1);
      expect(removeSubscriptions).toHaveBeenCalledTimes(1);
      expect(s.manager.getMetrics().background.cleanupsStarted).toBe(1);
    });

    it('fails fast for a connection already seen gone, without posting again', async () => {
      s = setup();
      await s.connect('c1');
      s.gateway.setStatus('c1', 410);
      await expect(s.manager.send('c1', {})).rejects.toBeInstanceOf(ConnectionStaleError);
      await expect(s.manager.send('c1', {})).rejects.toBeInstanceOf(ConnectionStaleError);
      expect(s.gateway.countCalls('post')).toBe(1);
    });
  });

  describe('verified sends (the caller knows the socket is live)', () => {
    it('posts to a connection the store does not know or has as DISCONNECTED, without a store lookup', async () => {
      s = setup();
      await s.connect('closed', { status: 'DISCONNECTED' });
      const lookup = jest.spyOn(s.stores.connections, 'get');
      await s.manager.send('unknown', { id: 'x', type: 'error' }, { verified: true });
      await s.manager.send('closed', { id: 'y', type: 'error' }, { verified: true });
      expect(s.gateway.delivered('unknown')).toEqual([{ id: 'x', type: 'error' }]);
      expect(s.gateway.delivered('closed')).toEqual([{ id: 'y', type: 'error' }]);
      expect(lookup).not.toHaveBeenCalled();
    });

    it('keeps retries and 410 handling: a retried 5xx succeeds, a 410 is ConnectionStaleError with cleanup', async () => {
      s = setup({ sleep: recordingSleep().sleep });
      await s.connect('c1');
      s.gateway.script('c1', [503, 200]);
      await s.manager.send('c1', { n: 1 }, { verified: true });
      expect(s.gateway.countCalls('post', 'c1')).toBe(2);
      s.gateway.setStatus('c1', 410);
      await expect(s.manager.send('c1', { n: 2 }, { verified: true })).rejects.toBeInstanceOf(ConnectionStaleError);
      await expect(s.manager.send('c1', { n: 3 }, { verified: true })).rejects.toBeInstanceOf(ConnectionStaleError);
      expect(s.gateway.countCalls('post', 'c1')).toBe(3);
      await s.manager.shutdown();
      expect((await s.stores.connections.get('c1'))?.status).toBe('DISCONNECTED');
    });
  });

  describe('connection status cache', () => {
    it('caches connection status for 30 seconds to reduce DynamoDB lookups', async () => {
      jest.useFakeTimers();
      s = setup();
      await s.connect('c1');
      const get = jest.spyOn(s.stores.connections, 'get');
      await s.manager.send('c1', { n: 1 });
      jest.advanceTimersByTime(29_999);
      await s.manager.send('c1', { n: 2 });
      expect(get).toHaveBeenCalledTimes(1);
      jest.advanceTimersByTime(30_000);
      await s.manager.send('c1', { n: 3 });
      expect(get).toHaveBeenCalledTimes(2);
      expect(s.manager.getMetrics().cache).toMatchObject({ hits: 1, misses: 2 });
    });

    it('looks the connection up again after invalidate()', async () => {
      s = setup();
      await s.connect('c1');
      const get = jest.spyOn(s.stores.connections, 'get');
      await s.manager.send('c1', {});
      s.manager.invalidate('c1');
      await s.manager.send('c1', {});
      expect(get).toHaveBeenCalledTimes(2);
    });

    it('never caches when cacheTtlMs is 0', async () => {
      s = setup({ cacheTtlMs: 0 });
      await s.connect('c1');
      const get = jest.spyOn(s.stores.connections, 'get');
      await s.manager.send('c1', {});
      await s.manager.send('c1', {});
      expect(get).toHaveBeenCalledTimes(2);
    });
  });

  describe('messages', () => {
    const limit = 128 * 1024;
    const ofBytes = (n: number) => 'x'.repeat(n - 2); // JSON string quotes add 2 bytes

    it('accepts a message of exactly 128 KiB', async () => {
      s = setup();
      await s.connect('c1');
      await s.manager.send('c1', ofBytes(limit));
      expect(s.gateway.posts[0]?.data?.byteLength).toBe(limit);
    });

    it('rejects a message over 128 KiB (UTF-8 bytes) with UnsendableMessageError, without calling the store or gateway', async () => {
      s = setup();
      await s.connect('c1');
      const get = jest.spyOn(s.stores.connections, 'get');
      const error = await s.manager.send('c1', 'é'.repeat(limit / 2)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsendableMessageError);
      expect(error).toMatchObject({ reason: 'too-large', bytes: limit + 2, limitBytes: limit, retryable: false });
      expect(get).not.toHaveBeenCalled();
      expect(s.gateway.calls).toHaveLength(0);
    });

    it.each([
      ['a circular structure', (() => { const o: Record<string, unknown> = {}; o['self'] = o; return o; })()],
      ['a BigInt', { n: 10n }],
      ['undefined', undefined],
      ['a function', () => 1],
      ['a throwing toJSON', { toJSON: () => { throw new Error('boom'); } }],
    ])('rejects %s as unserialisable', async (_label, message) => {
      s = setup();
      await s.connect('c1');
      await expect(s.manager.send('c1', message)).rejects.toMatchObject({ name: 'UnsendableMessageError', reason: 'unserialisable' });
      expect(s.gateway.calls).toHaveLength(0);
    });

    it('turns a 413 from the gateway into UnsendableMessageError, not retried', async () => {
      s = setup({ fake: { maxPayloadBytes: 10 } });
      await s.connect('c1');
      const error = await s.manager.send('c1', { long: 'enough' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsendableMessageError);
      expect(error).toMatchObject({ reason: 'rejected-by-gateway' });
      expect(s.gateway.countCalls('post')).toBe(1);
    });
  });

  describe('activity and logs', () => {
    it('updates lastActiveAt after a successful send without delaying the caller', async () => {
      jest.useFakeTimers({ now: 50_000 });
      s = setup();
      await s.connect('c1');
      const realTouch = s.stores.connections.touch.bind(s.stores.connections);
      let finishTouch = (): void => undefined;
      const gate = new Promise<void>((resolve) => (finishTouch = resolve));
      const touch = jest.spyOn(s.stores.connections, 'touch').mockImplementation(async (id, at) => {
        await gate;
        await realTouch(id, at);
      });
      await s.manager.send('c1', {});
      await jest.advanceTimersByTimeAsync(0);
      expect(touch).toHaveBeenCalledWith('c1', 50_000);
      expect(s.manager.getMetrics().background.touchesPending).toBe(1);
      finishTouch();
      await s.manager.shutdown();
      expect((await s.stores.connections.get('c1'))?.lastActiveAt).toBe(50_000);
      expect(s.manager.getMetrics().background.touchesWritten).toBe(1);
    });

    it('touches a connection at most once per minute', async () => {
      jest.useFakeTimers({ now: 0 });
      s = setup();
      await s.connect('c1');
      const touch = jest.spyOn(s.stores.connections, 'touch');
      await s.manager.send('c1', {});
      await jest.advanceTimersByTimeAsync(59_999);
      await s.manager.send('c1', {});
      await jest.advanceTimersByTimeAsync(1);
      await s.manager.send('c1', {});
      await jest.advanceTimersByTimeAsync(0);
      expect(touch.mock.calls).toEqual([['c1', 0], ['c1', 60_000]]);
    });

    it('drops touches beyond the bounded queue instead of growing without limit', async () => {
      s = setup({ touch: { maxPending: 2, concurrency: 1 } });
      const ids = ['a', 'b', 'c', 'd', 'e'];
      await Promise.all(ids.map((id) => s.connect(id)));
      jest.spyOn(s.stores.connections, 'touch').mockReturnValue(new Promise(() => undefined));
      for (const id of ids) await s.manager.send(id, {});
      const background = s.manager.getMetrics().background;
      expect(background.touchesPending).toBe(3);
      expect(background.touchesDropped).toBe(2);
    });

    it('logs failures with the connection id and the correlation id', async () => {
      s = setup({ sleep: recordingSleep().sleep });
      await s.connect('c1');
      s.gateway.setStatus('c1', 500);
      await expect(s.manager.send('c1', {}, { correlationId: 'req-42' })).rejects.toBeInstanceOf(GatewayError);
      expect(s.logger.entries).toContainEqual(
        expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ connectionId: 'c1', correlationId: 'req-42', errorType: 'gateway_server' }) }),
      );
    });
  });
});
