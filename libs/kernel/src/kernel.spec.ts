import { chunks, lazy, mapLimit, runPool, settledWithin, silentLogger, sleep, systemClock } from './index';
import { createLogger, workspaceRoot } from './node';
import { ManualClock, RecordingLogger, waitFor, waitForCount } from './testing';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

async function* count(n: number, onPull?: (i: number) => void): AsyncGenerator<number> {
  for (let i = 0; i < n; i++) {
    onPull?.(i);
    yield i;
  }
}

/** Work that records the highest number of calls in flight at once. */
function tracked(): { work: (n: number) => Promise<number>; peak: () => number } {
  let inFlight = 0;
  let peak = 0;
  return {
    work: async (n) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight -= 1;
      return n * 2;
    },
    peak: () => peak,
  };
}

describe('mapLimit', () => {
  it('keeps input order and never exceeds the limit', async () => {
    const t = tracked();
    const items = Array.from({ length: 25 }, (_, i) => i);
    await expect(mapLimit(items, 4, t.work)).resolves.toEqual(items.map((n) => n * 2));
    expect(t.peak()).toBe(4);
  });

  it('handles empty input and a non-positive limit', async () => {
    await expect(mapLimit([], 3, async () => 1)).resolves.toEqual([]);
    const t = tracked();
    await expect(mapLimit([1, 2, 3], 0, t.work)).resolves.toEqual([2, 4, 6]);
    expect(t.peak()).toBe(1);
  });

  it('rejects with the first failure and starts nothing after it', async () => {
    const started: number[] = [];
    const run = mapLimit([0, 1, 2, 3, 4, 5], 2, async (n) => {
      started.push(n);
      if (n === 1) throw new Error('boom');
      await new Promise((resolve) => setImmediate(resolve));
      return n;
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual([0, 1]);
  });
});

describe('runPool', () => {
  async function* pagesOf(total: number, size: number, onPage: () => void = () => undefined): AsyncGenerator<readonly number[]> {
    for (let start = 0; start < total; start += size) {
      onPage();
      yield Array.from({ length: Math.min(size, total - start) }, (_, i) => start + i);
    }
  }

  it('works every item of every page once, never more than the limit at a time, across page boundaries', async () => {
    const seen: number[] = [];
    let running = 0;
    let peak = 0;
    await runPool(pagesOf(43, 10), 3, async (n) => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setImmediate(resolve));
      seen.push(n);
      running -= 1;
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 43 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it('pulls the next page only when the current one is taken, and skips empty pages', async () => {
    let pages = 0;
    let pagesAtFirstItem: number | undefined;
    async function* withEmpty(): AsyncGenerator<readonly number[]> {
      yield [];
      yield* pagesOf(30, 10, () => (pages += 1));
    }
    await runPool(withEmpty(), 2, async () => {
      pagesAtFirstItem ??= pages;
    });
    expect(pagesAtFirstItem).toBe(1);
    expect(pages).toBe(3);
  });

  it('stops after a failure of the work and closes the source', async () => {
    let closed = false;
    let pulled = 0;
    async function* source(): AsyncGenerator<readonly number[]> {
      try {
        for (let i = 0; i < 1000; i++) {
          pulled += 1;
          yield [i];
        }
      } finally {
        closed = true;
      }
    }
    await expect(
      runPool(source(), 2, async (n) => {
        if (n === 3) throw new Error('bad item');
      }),
    ).rejects.toThrow('bad item');
    expect(pulled).toBeLessThan(10);
    expect(closed).toBe(true);
  });

  it('rejects when the source itself fails, after the items before it', async () => {
    const done: number[] = [];
    async function* broken(): AsyncGenerator<readonly number[]> {
      yield [1, 2];
      throw new Error('page read failed');
    }
    await expect(runPool(broken(), 4, async (n) => void done.push(n))).rejects.toThrow('page read failed');
    expect(done).toEqual([1, 2]);
  });
});

describe('chunks', () => {
  it('groups lazily into arrays of at most size', async () => {
    const out: number[][] = [];
    for await (const c of chunks(count(7), 3)) out.push(c);
    expect(out).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });
});

describe('lazy', () => {
  it('loads once for every caller, and again after a load that failed', async () => {
    const load = jest.fn<Promise<string>, []>().mockRejectedValueOnce(new Error('not yet')).mockResolvedValue('client');
    const get = lazy(load);
    await expect(get()).rejects.toThrow('not yet');
    expect(await Promise.all([get(), get()])).toEqual(['client', 'client']);
    expect(await get()).toBe('client');
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe('sleep', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves after the delay, or at once when aborted', async () => {
    let slept = false;
    const p = sleep(1_000).then(() => (slept = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(slept).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await p;
    expect(slept).toBe(true);

    const abort = new AbortController();
    const q = sleep(60_000, abort.signal);
    abort.abort();
    await q;
    expect(jest.getTimerCount()).toBe(0);
    await expect(sleep(10, abort.signal)).resolves.toBeUndefined();
  });
});

describe('settledWithin', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('resolves when the work settles, fulfilled or rejected, before the time is up', async () => {
    let done = false;
    const p = settledWithin(new Promise((_, reject) => setTimeout(() => reject(new Error('late')), 300)), 1_000).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(299);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('resolves once the time is up when the work never settles', async () => {
    let done = false;
    const p = settledWithin(new Promise(() => undefined), 500).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await p;
    expect(done).toBe(true);
  });
});

describe('loggers and clocks', () => {
  it('silentLogger drops lines; RecordingLogger keeps them by level', () => {
    expect(() => silentLogger.error('x', { a: 1 })).not.toThrow();
    const log = new RecordingLogger();
    log.info('connected', { connectionId: 'c1' });
    log.warn('slow');
    expect(log.lines.map((l) => l.level)).toEqual(['info', 'warn']);
    expect(log.text('info')).toContain('c1');
    expect(log.text('warn')).not.toContain('c1');
  });

  it('createLogger writes structured JSON with the service name', () => {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const info = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      createLogger('streamer-test').info('hello', { tenantId: 't1' });
      const printed = [...write.mock.calls, ...info.mock.calls].map((c) => String(c[0])).join('\n');
      const line = JSON.parse(printed.trim().split('\n').pop() as string) as Record<string, unknown>;
      expect(line).toMatchObject({ level: 'INFO', message: 'hello', service: 'streamer-test', tenantId: 't1' });
    } finally {
      write.mockRestore();
      info.mockRestore();
    }
  });

  it('systemClock reads the wall clock; ManualClock moves only when told', () => {
    const before = Date.now();
    expect(systemClock.now()).toBeGreaterThanOrEqual(before);
    const clock = new ManualClock(100);
    clock.advance(50);
    expect(clock.now()).toBe(150);
    clock.set(7);
    expect(clock.now()).toBe(7);
  });
});

describe('workspaceRoot', () => {
  it('finds the directory holding nx.json, and fails clearly outside a workspace', () => {
    const root = workspaceRoot(__dirname);
    expect(existsSync(path.join(root, 'nx.json'))).toBe(true);
    expect(workspaceRoot(path.join(root, 'libs', 'kernel', 'src'))).toBe(root);
    const outside = mkdtempSync(path.join(tmpdir(), 'kernel-'));
    try {
      expect(() => workspaceRoot(outside)).toThrow(/No Nx workspace/);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('waitFor', () => {
  it('resolves with the first defined value and times out with the description', async () => {
    let calls = 0;
    await expect(waitFor(() => (++calls >= 3 ? 'ready' : undefined), 'three calls')).resolves.toBe('ready');
    await expect(waitFor(() => false, 'never', 60)).rejects.toThrow('Timed out after 60 ms waiting for never');
  });

  it('probes again only after everyMs', async () => {
    jest.useFakeTimers();
    try {
      let calls = 0;
      const ready = waitFor(() => (++calls >= 3 ? 'ready' : undefined), 'three calls', 10_000, 500);
      await jest.advanceTimersByTimeAsync(499);
      expect(calls).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(calls).toBe(2);
      await jest.advanceTimersByTimeAsync(500);
      await expect(ready).resolves.toBe('ready');
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('waitForCount', () => {
  it('waits as long as the count grows, and fails once it stalls', async () => {
    jest.useFakeTimers();
    try {
      let value = 0;
      const done = waitForCount(() => value, 3, 'three', 1_000, 100);
      for (let step = 0; step < 3; step += 1) {
        await jest.advanceTimersByTimeAsync(900);
        value += 1;
      }
      await jest.advanceTimersByTimeAsync(100);
      await expect(done).resolves.toBe(3);

      value = 1;
      const stuck = waitForCount(() => value, 2, 'two', 1_000, 100);
      const failed = expect(stuck).rejects.toThrow('Stalled at 1 of 2 for 1000 ms waiting for two');
      await jest.advanceTimersByTimeAsync(1_200);
      await failed;
    } finally {
      jest.useRealTimers();
    }
  });
});
