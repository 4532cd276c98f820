import { CircuitOpenError, GatewayError } from './errors';
import { recordingSleep, setup, type Setup } from './test-support/manager-setup';

describe('circuit breaking', () => {
  let s: Setup;
  afterEach(async () => {
    jest.useRealTimers();
    await s.manager.shutdown({ timeoutMs: 50 });
  });

  describe('gateway breaker (opossum)', () => {
    const breaker = { volumeThreshold: 5, errorThresholdPercentage: 50, resetTimeoutMs: 10_000, rollingWindowMs: 60_000 };

    async function connectMany(n: number): Promise<string[]> {
      const ids = Array.from({ length: n }, (_, i) => `c${i}`);
      await Promise.all(ids.map((id) => s.connect(id)));
      return ids;
    }

    it('opens on sustained 5xx, half-opens after resetTimeout and closes on a successful call', async () => {
      jest.useFakeTimers();
      s = setup({ breaker, retry: { attempts: 1 }, fake: { defaultStatus: 500 } });
      const ids = await connectMany(7);
      for (const id of ids.slice(0, 5)) await expect(s.manager.send(id, {})).rejects.toBeInstanceOf(GatewayError);
      expect(s.manager.getMetrics().breakers).toMatchObject({ gateway: 'open', gatewayOpens: 1 });

      const rejected = await s.manager.send('c5', {}).catch((e: unknown) => e);
      expect(rejected).toBeInstanceOf(CircuitOpenError);
      expect(rejected).toMatchObject({ scope: 'gateway', retryable: true, retryAfterMs: 10_000 });
      expect(s.gateway.countCalls('post')).toBe(5);

      await jest.advanceTimersByTimeAsync(9_999);
      expect(s.manager.getMetrics().breakers.gateway).toBe('open');
      await jest.advanceTimersByTimeAsync(1);
      expect(s.manager.getMetrics().breakers.gateway).toBe('half-open');

      s.gateway.defaultStatus = 200;
      await s.manager.send('c6', {});
      expect(s.manager.getMetrics().breakers.gateway).toBe('closed');
      expect(s.gateway.delivered('c6')).toEqual([{}]);
    });

    it('opens again when the half-open trial call fails', async () => {
      jest.useFakeTimers();
      s = setup({ breaker, retry: { attempts: 1 }, fake: { defaultStatus: 503 } });
      const ids = await connectMany(6);
      for (const id of ids.slice(0, 5)) await expect(s.manager.send(id, {})).rejects.toBeInstanceOf(GatewayError);
      await jest.advanceTimersByTimeAsync(10_000);
      await expect(s.manager.send('c5', {})).rejects.toMatchObject({ kind: 'server' });
      expect(s.manager.getMetrics().breakers).toMatchObject({ gateway: 'open', gatewayOpens: 2 });
    });

    it('fails fast without retrying once the breaker is open', async () => {
      const { sleep, delays } = recordingSleep();
      s = setup({ breaker, sleep, fake: { defaultStatus: 500 } });
      await connectMany(3);
      await expect(s.manager.send('c0', {})).rejects.toBeInstanceOf(GatewayError); // posts 1–3
      await expect(s.manager.send('c1', {})).rejects.toBeInstanceOf(CircuitOpenError); // posts 4–5 open it
      expect(s.gateway.countCalls('post')).toBe(5);
      expect(delays).toHaveLength(4);
      await expect(s.manager.send('c2', {})).rejects.toBeInstanceOf(CircuitOpenError);
      expect(s.gateway.countCalls('post')).toBe(5);
      expect(delays).toHaveLength(4);
      expect(s.manager.getMetrics().errors).toEqual({ gateway_server: 1, circuit_open_gateway: 2 });
    });

    it('is not opened by 410s or other 4xx answers', async () => {
      s = setup({ breaker, retry: { attempts: 1 } });
      const ids = await connectMany(40);
      ids.forEach((id, i) => s.gateway.setStatus(id, i % 2 === 0 ? 410 : 400));
      await Promise.allSettled(ids.map((id) => s.manager.send(id, {})));
      expect(s.manager.getMetrics().breakers).toMatchObject({ gateway: 'closed', gatewayOpens: 0 });
    });

    it('counts timeouts and network errors as failures', async () => {
      s = setup({ breaker, retry: { attempts: 1 } });
      const ids = await connectMany(5);
      ids.forEach((id, i) => s.gateway.setStatus(id, i % 2 === 0 ? 'timeout' : 'network'));
      await Promise.allSettled(ids.map((id) => s.manager.send(id, {})));
      expect(s.manager.getMetrics().breakers.gateway).toBe('open');
    });
  });

  describe('per-connection failure state', () => {
    it('stops hammering a connection that keeps failing, then tries it again after the cool-down', async () => {
      jest.useFakeTimers();
      s = setup({ sleep: recordingSleep().sleep, perConnectionFailures: { threshold: 5, coolDownMs: 30_000 } });
      await s.connect('bad');
      await s.connect('good');
      s.gateway.setStatus('bad', 500);
      await expect(s.manager.send('bad', {})).rejects.toBeInstanceOf(GatewayError); // attempts 1–3
      const second = await s.manager.send('bad', {}).catch((e: unknown) => e); // attempts 4–5, then refused
      expect(second).toBeInstanceOf(CircuitOpenError);
      expect(second).toMatchObject({ scope: 'connection', connectionId: 'bad', retryable: true, retryAfterMs: 30_000 });
      expect(s.gateway.countCalls('post', 'bad')).toBe(5);

      await expect(s.manager.send('bad', {})).rejects.toBeInstanceOf(CircuitOpenError);
      expect(s.gateway.countCalls('post', 'bad')).toBe(5);
      await s.manager.send('good', {});
      expect(s.manager.getMetrics().breakers).toMatchObject({ gateway: 'closed', connectionsOpen: 1 });

      jest.advanceTimersByTime(30_000);
      s.gateway.setStatus('bad', 200);
      await s.manager.send('bad', {});
      expect(s.gateway.countCalls('post', 'bad')).toBe(6);
      expect(s.manager.getMetrics().breakers.connectionsOpen).toBe(0);
    });

    it('keeps per-connection state in a bounded LRU', async () => {
      s = setup({ sleep: recordingSleep().sleep, retry: { attempts: 1 }, perConnectionFailures: { maxEntries: 3 } });
      const ids = ['a', 'b', 'c', 'd', 'e'];
      await Promise.all(ids.map((id) => s.connect(id)));
      ids.forEach((id) => s.gateway.setStatus(id, 500));
      for (const id of ids) await expect(s.manager.send(id, {})).rejects.toBeInstanceOf(GatewayError);
      expect(s.manager.getMetrics().breakers.connectionsTracked).toBe(3);
    });

    it('forgets a connection’s failures after a success', async () => {
      s = setup({ sleep: recordingSleep().sleep, perConnectionFailures: { threshold: 3 } });
      await s.connect('c1');
      s.gateway.script('c1', [500, 500, 200, 500, 500, 200]);
      await s.manager.send('c1', {});
      await s.manager.send('c1', {});
      expect(s.gateway.countCalls('post', 'c1')).toBe(6);
      expect(s.manager.getMetrics().breakers.connectionsTracked).toBe(0);
    });
  });
});
