import { GatewayError } from './index';
import { recordingSleep, setup, type Setup } from './test-support/manager-setup';

describe('ConnectionManager.isActive', () => {
  let s: Setup;
  afterEach(async () => {
    jest.useRealTimers();
    await s.manager.shutdown({ timeoutMs: 50 });
  });

  it('confirms a connection with the gateway (GET) on a cache miss, then answers from the cache', async () => {
    s = setup();
    await s.connect('c1');
    const get = jest.spyOn(s.stores.connections, 'get');
    expect(await s.manager.isActive('c1')).toBe(true);
    expect(await s.manager.isActive('c1')).toBe(true);
    expect(get).toHaveBeenCalledTimes(1);
    expect(s.gateway.countCalls('get', 'c1')).toBe(1);
  });

  it('answers from the cache after a successful send, without the store or the gateway', async () => {
    s = setup();
    await s.connect('c1');
    await s.manager.send('c1', {});
    const get = jest.spyOn(s.stores.connections, 'get');
    expect(await s.manager.isActive('c1')).toBe(true);
    expect(get).not.toHaveBeenCalled();
    expect(s.gateway.countCalls('get')).toBe(0);
  });

  it('is false for a connection the store does not know or has as disconnected, without asking the gateway', async () => {
    s = setup();
    await s.connect('old', { status: 'DISCONNECTED' });
    expect(await s.manager.isActive('unknown')).toBe(false);
    expect(await s.manager.isActive('old')).toBe(false);
    expect(s.gateway.calls).toHaveLength(0);
  });

  it('is false when the gateway says the connection is gone (410), and cleans it up', async () => {
    s = setup();
    await s.connect('c1');
    s.gateway.setStatus('c1', 410);
    expect(await s.manager.isActive('c1')).toBe(false);
    expect(await s.manager.isActive('c1')).toBe(false);
    expect(s.gateway.countCalls('get')).toBe(1);
    await s.manager.shutdown();
    expect((await s.stores.connections.get('c1'))?.status).toBe('DISCONNECTED');
  });

  it('re-checks with the gateway once the cached status expires after 30 seconds', async () => {
    jest.useFakeTimers();
    s = setup();
    await s.connect('c1');
    expect(await s.manager.isActive('c1')).toBe(true);
    jest.advanceTimersByTime(30_000);
    s.gateway.setStatus('c1', 410);
    expect(await s.manager.isActive('c1')).toBe(false);
    expect(s.gateway.countCalls('get')).toBe(2);
  });

  it('retries transient gateway errors and rejects when they persist', async () => {
    s = setup({ sleep: recordingSleep().sleep });
    await s.connect('c1');
    await s.connect('c2');
    s.gateway.script('c1', [503, 200], 'get');
    expect(await s.manager.isActive('c1')).toBe(true);
    s.gateway.setStatus('c2', 500);
    await expect(s.manager.isActive('c2')).rejects.toBeInstanceOf(GatewayError);
    expect(s.gateway.countCalls('get', 'c2')).toBe(3);
  });
});
