import { ShutdownError } from './errors';
import { setup, type Setup } from './test-support/manager-setup';

describe('ConnectionManager.shutdown', () => {
  let s: Setup;
  afterEach(() => {
    jest.useRealTimers();
  });

  it('refuses new work with ShutdownError once shutdown has begun', async () => {
    s = setup();
    await s.connect('c1');
    const report = await s.manager.shutdown();
    expect(report).toEqual({ drained: true, abandoned: 0 });
    await expect(s.manager.send('c1', {})).rejects.toBeInstanceOf(ShutdownError);
    await expect(s.manager.broadcast(['c1'], {})).rejects.toBeInstanceOf(ShutdownError);
    await expect(s.manager.isActive('c1')).rejects.toMatchObject({ code: 'SHUTTING_DOWN', retryable: false });
    expect(s.gateway.calls).toHaveLength(0);
  });

  it('waits for sends in flight and their background touches, then reports everything drained', async () => {
    s = setup();
    const ids = ['a', 'b', 'c'];
    await Promise.all(ids.map((id) => s.connect(id)));
    s.gateway.hold();
    const sends = ids.map((id) => s.manager.send(id, { id }));
    await Promise.resolve();
    expect(s.manager.getMetrics().inFlight.sends).toBe(3);
    let report: unknown;
    const stopping = s.manager.shutdown({ timeoutMs: 5_000 }).then((r) => (report = r));
    await new Promise((resolve) => setImmediate(resolve));
    expect(report).toBeUndefined();
    await expect(s.manager.send('a', {})).rejects.toBeInstanceOf(ShutdownError);

    const touch = jest.spyOn(s.stores.connections, 'touch');
    s.gateway.release();
    await stopping;
    expect(report).toEqual({ drained: true, abandoned: 0 });
    await expect(Promise.all(sends)).resolves.toHaveLength(3);
    expect(touch).toHaveBeenCalledTimes(3);
    expect(s.manager.getMetrics().background.touchesWritten).toBe(3);
  });

  it('waits for a broadcast in flight', async () => {
    s = setup();
    await Promise.all(['a', 'b'].map((id) => s.connect(id)));
    s.gateway.hold();
    const broadcast = s.manager.broadcast(['a', 'b'], {});
    await new Promise((resolve) => setImmediate(resolve));
    const stopping = s.manager.shutdown();
    s.gateway.release();
    await expect(stopping).resolves.toEqual({ drained: true, abandoned: 0 });
    await expect(broadcast).resolves.toMatchObject({ sent: 2 });
  });

  it('gives up at the deadline and reports the abandoned work (fake timers)', async () => {
    jest.useFakeTimers();
    s = setup();
    await Promise.all(['a', 'b'].map((id) => s.connect(id)));
    s.gateway.hold();
    void s.manager.send('a', {}).catch(() => undefined);
    void s.manager.send('b', {}).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(0);
    let report: unknown;
    void s.manager.shutdown({ timeoutMs: 2_000 }).then((r) => (report = r));
    await jest.advanceTimersByTimeAsync(1_999);
    expect(report).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(report).toEqual({ drained: false, abandoned: 2 });
    s.gateway.release();
  });

  it('returns the same report to every caller', async () => {
    s = setup();
    const first = s.manager.shutdown();
    const second = s.manager.shutdown({ timeoutMs: 1 });
    expect(second).toBe(first);
    await first;
  });
});
