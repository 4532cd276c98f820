import { runWithDeadline, syncBudgetMs } from './handlers';
import { SyncDeadlineError } from './errors';

describe('syncBudgetMs', () => {
  it('is the sync timeout when the Lambda has time to spare', () => {
    expect(syncBudgetMs(25_000, 900_000, 1_000)).toBe(25_000);
    expect(syncBudgetMs(25_000, undefined, 1_000)).toBe(25_000);
  });

  it('leaves the margin before the Lambda deadline', () => {
    expect(syncBudgetMs(25_000, 3_000, 1_000)).toBe(2_000);
  });

  it('is zero when no time is left', () => {
    expect(syncBudgetMs(25_000, 500, 1_000)).toBe(0);
  });
});

describe('runWithDeadline', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask'] }));
  afterEach(() => jest.useRealTimers());

  it('returns what the work returns in time', async () => {
    await expect(runWithDeadline(1_000, async () => 'done')).resolves.toBe('done');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects at the deadline and aborts the signal', async () => {
    let seen: AbortSignal | undefined;
    const running = runWithDeadline(1_000, (signal) => {
      seen = signal;
      return new Promise(() => undefined);
    });
    const outcome = running.catch((err: unknown) => err);
    await jest.advanceTimersByTimeAsync(999);
    expect(seen?.aborted).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await outcome).toBeInstanceOf(SyncDeadlineError);
    expect(seen?.reason).toBeInstanceOf(SyncDeadlineError);
  });

  it('waits up to the grace for the aborted work to stop, then rejects', async () => {
    let stoppedAt = -1;
    const running = runWithDeadline(
      1_000,
      (signal) =>
        new Promise((resolve) => {
          // Stops 300 ms after its signal aborted, e.g. once a write in flight has come back.
          signal.addEventListener('abort', () => setTimeout(() => resolve((stoppedAt = Date.now())), 300));
        }),
      1_000,
    );
    const outcome = running.catch((err: unknown) => err);
    const start = Date.now();
    let settledAt = -1;
    void outcome.then(() => (settledAt = Date.now()));
    await jest.advanceTimersByTimeAsync(1_299);
    expect(settledAt).toBe(-1);
    await jest.advanceTimersByTimeAsync(1);
    expect(await outcome).toBeInstanceOf(SyncDeadlineError);
    expect(stoppedAt - start).toBe(1_300);
    expect(settledAt - start).toBe(1_300);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects once the grace has passed when the work never stops', async () => {
    const running = runWithDeadline(1_000, () => new Promise(() => undefined), 500);
    const outcome = running.catch((err: unknown) => err);
    let settled = false;
    void outcome.then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(1_499);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    expect(await outcome).toBeInstanceOf(SyncDeadlineError);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('drops a late failure of the aborted work', async () => {
    const running = runWithDeadline(
      1_000,
      (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => setTimeout(() => reject(new Error('late')), 100))),
      1_000,
    );
    const outcome = running.catch((err: unknown) => err);
    await jest.advanceTimersByTimeAsync(1_100);
    expect(await outcome).toBeInstanceOf(SyncDeadlineError);
  });

  it('does not start work without a budget', async () => {
    const work = jest.fn(async () => 1);
    await expect(runWithDeadline(0, work)).rejects.toBeInstanceOf(SyncDeadlineError);
    expect(work).not.toHaveBeenCalled();
  });

  it('passes on a synchronous throw as a rejection', async () => {
    await expect(runWithDeadline(1_000, () => { throw new Error('sync'); })).rejects.toThrow('sync');
  });
});
