import { setImmediate as realSetImmediate } from 'node:timers';
import { systemClock } from '@streamer/kernel';
import { InvalidProgressError } from './errors';
import { type ProgressUpdate, ThrottledProgress } from './run-control';
import { createHarness } from './test-support/harness';

const T0 = Date.UTC(2026, 0, 1);

beforeEach(() => jest.useFakeTimers({ now: T0 }));
afterEach(() => jest.useRealTimers());

function reporter(options: { floor?: number; deliverMs?: number } = {}) {
  const delivered: (ProgressUpdate & { at: number })[] = [];
  const progress = new ThrottledProgress({
    floor: options.floor ?? 0,
    intervalMs: 250,
    clock: systemClock,
    deliver: async (update) => {
      if (options.deliverMs) await new Promise((resolve) => setTimeout(resolve, options.deliverMs));
      delivered.push({ ...update, at: Date.now() - T0 });
    },
  });
  return { progress, delivered };
}

describe('ThrottledProgress', () => {
  it('sends the first value at once, coalesces a burst and sends its trailing value after the interval', async () => {
    const { progress, delivered } = reporter();

    for (let i = 1; i <= 100; i += 1) await progress.progress(i / 200, `Record ${i}`);
    await jest.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([{ value: 0.005, message: 'Record 1', at: 0 }]);

    await jest.advanceTimersByTimeAsync(250);
    expect(delivered).toEqual([
      { value: 0.005, message: 'Record 1', at: 0 },
      { value: 0.5, message: 'Record 100', at: 250 },
    ]);
  });

  it('delivers at most one update per interval for a steady stream of calls', async () => {
    const { progress, delivered } = reporter();

    for (let ms = 0; ms < 2_000; ms += 10) {
      await progress.progress(ms / 2_000);
      await jest.advanceTimersByTimeAsync(10);
    }

    const gaps = delivered.slice(1).map((update, i) => update.at - (delivered[i]?.at ?? 0));
    expect(delivered.length).toBeGreaterThanOrEqual(7);
    expect(delivered.length).toBeLessThanOrEqual(9);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
  });

  it('ignores values below the last accepted one (and below the stored floor)', async () => {
    const { progress, delivered } = reporter({ floor: 0.3 });

    await progress.progress(0.2, 'behind the stored progress');
    await progress.progress(0.4);
    await jest.advanceTimersByTimeAsync(300);
    await progress.progress(0.35);
    await progress.finish({ flush: true });

    expect(delivered.map((update) => update.value)).toEqual([0.4]);
  });

  it('flushes the pending value on finish without waiting, and nothing after', async () => {
    const { progress, delivered } = reporter();

    await progress.progress(0.1);
    await progress.progress(0.9, 'Almost');
    await progress.finish({ flush: true });
    await progress.progress(1);
    await jest.advanceTimersByTimeAsync(1_000);

    expect(delivered).toEqual([
      { value: 0.1, at: 0 },
      { value: 0.9, message: 'Almost', at: 0 },
    ]);
  });

  it('drops the pending value on finish without flush', async () => {
    const { progress, delivered } = reporter();

    await progress.progress(0.1);
    await progress.progress(0.9);
    await progress.finish({ flush: false });
    await jest.advanceTimersByTimeAsync(1_000);

    expect(delivered.map((update) => update.value)).toEqual([0.1]);
  });

  it('keeps one delivery in flight and sends the latest value after a slow one', async () => {
    const { progress, delivered } = reporter({ deliverMs: 1_000 });

    await progress.progress(0.1);
    for (let i = 2; i <= 9; i += 1) {
      await jest.advanceTimersByTimeAsync(100);
      await progress.progress(i / 10);
    }
    await jest.advanceTimersByTimeAsync(2_500);

    expect(delivered.map((update) => update.value)).toEqual([0.1, 0.9]);
  });

  it.each([-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects the out-of-range value %p', async (value) => {
    const { progress, delivered } = reporter();
    await expect(progress.progress(value)).rejects.toThrow(InvalidProgressError);
    await progress.finish({ flush: true });
    expect(delivered).toEqual([]);
  });

  it('leaves a rejection nobody awaits handled, so it cannot crash the process', async () => {
    const { progress } = reporter();
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      void progress.progress(2);
      await jest.advanceTimersByTimeAsync(0);
      await new Promise((resolve) => realSetImmediate(resolve));
    } finally {
      process.off('unhandledRejection', unhandled);
    }
    expect(unhandled).not.toHaveBeenCalled();
  });
});

describe('progress through the processor', () => {
  it('persists each delivered value and sends at most ~4 progress messages a second, always the final one', async () => {
    const h = createHarness({
      chatty: {
        processAsync: async (_req, { reporter: progress }) => {
          for (let i = 1; i <= 100; i += 1) {
            await progress.progress(i / 100, `${i}%`);
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          return 'done';
        },
      },
    });
    const request = await h.enqueue('chatty');

    const done = h.processor.processRequest(request.requestId);
    await jest.advanceTimersByTimeAsync(2_000);
    await done;

    const progress = h.sender.messagesTo('conn-1').filter((message) => message.type === 'progress');
    const values = progress.map((message) => (message.type === 'progress' ? message.progress : -1));
    expect(progress.length).toBeGreaterThanOrEqual(8);
    expect(progress.length).toBeLessThanOrEqual(10);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    expect(progress.at(-1)).toMatchObject({ progress: 1, message: '100%' });
    expect(h.sender.messagesTo('conn-1').at(-1)).toMatchObject({ type: 'result' });
    expect(await h.status(request.requestId)).toMatchObject({ progress: 1, progressMessage: '100%' });
  });

  it('continues from the progress an earlier attempt stored, never sending a lower value', async () => {
    const h = createHarness({
      again: {
        processAsync: async (_req, { reporter: progress, attempt }) => {
          await progress.progress(attempt === 1 ? 0.6 : 0.2, `attempt ${attempt}`);
          await progress.progress(attempt === 1 ? 0.6 : 0.8, `attempt ${attempt}`);
          if (attempt === 1) throw new Error('transient');
          return 'ok';
        },
      },
    });
    const request = await h.enqueue('again');

    await h.processor.processRequest(request.requestId);
    await h.processor.processRequest(request.requestId);

    const values = h.sender.sent.flatMap(({ message }) => (message.type === 'progress' ? [message.progress] : []));
    expect(values).toEqual([0.6, 0.8]);
  });
});
