import { RecordingMetrics } from '@streamer/kernel/testing';
import { ConnectionStaleError } from './errors';
import { setup, type Setup } from './test-support/manager-setup';

/** A store call that waits until `release()`: the background work it belongs to stays pending. */
function gate(): { wait: Promise<void>; release: () => void } {
  let release = (): void => undefined;
  const wait = new Promise<void>((resolve) => (release = resolve));
  return { wait, release };
}

describe('ConnectionManager.flush', () => {
  let s: Setup;
  afterEach(() => {
    jest.useRealTimers();
  });

  it('waits for the cleanup of a connection that answered 410 before returning, and stays open', async () => {
    s = setup();
    await s.connect('gone');
    s.gateway.setStatus('gone', 410);
    const store = gate();
    const markDisconnected = s.stores.connections.markDisconnected.bind(s.stores.connections);
    jest.spyOn(s.stores.connections, 'markDisconnected').mockImplementation(async (id, options) => {
      await store.wait;
      return markDisconnected(id, options);
    });
    await expect(s.manager.send('gone', {})).rejects.toBeInstanceOf(ConnectionStaleError);
    expect((await s.stores.connections.get('gone'))?.status).toBe('CONNECTED');

    let report: unknown;
    const flushing = s.manager.flush({ timeoutMs: 5_000 }).then((r) => (report = r));
    await new Promise((resolve) => setImmediate(resolve));
    expect(report).toBeUndefined();
    store.release();
    await flushing;
    expect(report).toEqual({ completed: 1, dropped: 0 });
    expect((await s.stores.connections.get('gone'))?.status).toBe('DISCONNECTED');
    await s.connect('next');
    await expect(s.manager.send('next', {})).resolves.toBeUndefined();
  });

  it('returns at once with nothing to settle', async () => {
    jest.useFakeTimers();
    s = setup();
    const timers = jest.getTimerCount();
    await expect(s.manager.flush()).resolves.toEqual({ completed: 0, dropped: 0 });
    expect(jest.getTimerCount()).toBe(timers);
  });

  it('drops and counts work unfinished at a deadline set by the invocation time left (fake timers)', async () => {
    jest.useFakeTimers();
    s = setup({ cleanup: { concurrency: 1 } });
    await Promise.all(['g1', 'g2'].map((id) => s.connect(id)));
    ['g1', 'g2'].forEach((id) => s.gateway.setStatus(id, 410));
    const store = gate();
    jest.spyOn(s.stores.connections, 'markDisconnected').mockImplementation(() => store.wait.then(() => undefined));
    await Promise.allSettled(['g1', 'g2'].map((id) => s.manager.send(id, {})));
    await jest.advanceTimersByTimeAsync(0);
    expect(s.manager.getMetrics().background.cleanupsPending).toBe(2);

    const invocation = { getRemainingTimeInMillis: () => 1_300 };
    let report: unknown;
    void s.manager.flush({ invocation, marginMs: 500 }).then((r) => (report = r));
    await jest.advanceTimersByTimeAsync(799);
    expect(report).toBeUndefined();
    await jest.advanceTimersByTimeAsync(1);
    expect(report).toEqual({ completed: 0, dropped: 2 });
    expect(s.manager.getMetrics().background).toMatchObject({ droppedAtFlush: 2, cleanupsPending: 1 });
    expect(s.logger.entries).toContainEqual(
      expect.objectContaining({ level: 'warn', message: expect.stringMatching(/dropped at flush/), fields: expect.objectContaining({ dropped: 2 }) }),
    );

    // g2's cleanup never started, so it is forgotten: once the cached "gone" expires, the next 410
    // from g2 queues it again.
    store.release();
    await jest.advanceTimersByTimeAsync(30_001);
    await expect(s.manager.send('g2', {})).rejects.toBeInstanceOf(ConnectionStaleError);
    expect(s.manager.getMetrics().background.cleanupsStarted).toBe(3);
  });

  it('drops everything at once when the invocation has no time left beyond the margin, and counts it as a metric', async () => {
    jest.useFakeTimers();
    const metrics = new RecordingMetrics();
    s = setup({ metrics });
    await s.connect('a');
    const store = gate();
    jest.spyOn(s.stores.connections, 'touch').mockImplementation(() => store.wait);
    await s.manager.send('a', {});
    await jest.advanceTimersByTimeAsync(0);
    const flushing = s.manager.flush({ invocation: { getRemainingTimeInMillis: () => 200 } });
    await jest.advanceTimersByTimeAsync(0);
    await expect(flushing).resolves.toEqual({ completed: 0, dropped: 1 });
    expect(s.manager.getMetrics().background.droppedAtFlush).toBe(1);
    expect(metrics.total('BackgroundWorkDropped', { reason: 'flush' })).toBe(1);
    store.release();
  });
});
