import fc from 'fast-check';
import { MAX_RETRY_DELAY_SECONDS, mayRetry, retryDelaySeconds } from './settle';

describe('retry policy', () => {
  it('doubles the delay per attempt from RETRY_DELAY', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(attempt, 5_000))).toEqual([5, 10, 20, 40]);
  });

  it('rounds up to whole seconds and caps at 900 s (the SQS maximum)', () => {
    expect(retryDelaySeconds(1, 1_500)).toBe(2);
    expect(retryDelaySeconds(1, 0)).toBe(0);
    expect(retryDelaySeconds(2, 600_000)).toBe(MAX_RETRY_DELAY_SECONDS);
    expect(retryDelaySeconds(60, 5_000)).toBe(MAX_RETRY_DELAY_SECONDS);
  });

  it('always yields an SQS-valid, non-decreasing delay', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 3_600_000 }), (attempt, base) => {
        const delay = retryDelaySeconds(attempt, base);
        expect(Number.isInteger(delay) && delay >= 0 && delay <= MAX_RETRY_DELAY_SECONDS).toBe(true);
        expect(retryDelaySeconds(attempt + 1, base)).toBeGreaterThanOrEqual(delay);
      }),
    );
  });

  it('counts MAX_RETRIES as retries after the first attempt', () => {
    expect([1, 2, 3, 4].map((attempt) => mayRetry(attempt, 3))).toEqual([true, true, true, false]);
    expect(mayRetry(1, 0)).toBe(false);
  });
});
