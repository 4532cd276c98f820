import fc from 'fast-check';
import { backoffDelay, DEFAULT_RETRY_POLICY, resolveRetryPolicy, withRetry } from './resilience';

describe('backoff', () => {
  it('keeps every delay within the full-jitter bounds [0, min(5 s, 100 ms · 2^(n−1)))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (retry, r) => {
        const delay = backoffDelay(retry, DEFAULT_RETRY_POLICY, () => r);
        const ceiling = Math.min(5_000, 100 * 2 ** (retry - 1));
        return Number.isInteger(delay) && delay >= 0 && delay < ceiling;
      }),
    );
  });

  it('spans the whole window: 0 for random 0, just under the ceiling for random → 1', () => {
    expect([1, 2, 3, 7].map((n) => backoffDelay(n, DEFAULT_RETRY_POLICY, () => 0))).toEqual([0, 0, 0, 0]);
    expect([1, 2, 3, 6, 7].map((n) => backoffDelay(n, DEFAULT_RETRY_POLICY, () => 0.9999))).toEqual([99, 199, 399, 3199, 4999]);
  });

  it('retries only what shouldRetry allows, up to the attempt limit', async () => {
    const attempt = jest.fn(async (n: number) => {
      if (n < 3) throw new Error(`fail ${n}`);
      return 'done';
    });
    const sleep = jest.fn(async () => undefined);
    await expect(withRetry(attempt, { policy: DEFAULT_RETRY_POLICY, random: () => 0.5, sleep, shouldRetry: () => true })).resolves.toBe('done');
    expect(sleep.mock.calls).toEqual([[50], [100]]);
    await expect(withRetry(attempt, { policy: DEFAULT_RETRY_POLICY, random: () => 0.5, sleep, shouldRetry: () => false })).rejects.toThrow('fail 1');
  });

  it('validates the policy', () => {
    expect(() => resolveRetryPolicy({ attempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ baseMs: 200, capMs: 100 })).toThrow(RangeError);
    expect(resolveRetryPolicy()).toEqual({ attempts: 3, baseMs: 100, capMs: 5_000 });
  });
});
