import { backoffDelay, canRetry } from './reconnect';

describe('backoffDelay (full jitter)', () => {
  const policy = { baseMs: 100, capMs: 1_000 };

  it('draws uniformly below min(cap, base * 2^attempt)', () => {
    expect([0, 1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('stays within bounds whatever the random source returns', () => {
    expect(backoffDelay(2, policy, () => 1.5)).toBe(400);
    expect(backoffDelay(2, policy, () => -1)).toBe(0);
  });
});

describe('canRetry', () => {
  it('allows attempts up to maxAttempts, or forever without it', () => {
    expect(canRetry(2, { baseMs: 1, capMs: 1, maxAttempts: 3 })).toBe(true);
    expect(canRetry(3, { baseMs: 1, capMs: 1, maxAttempts: 3 })).toBe(false);
    expect(canRetry(1_000_000, { baseMs: 1, capMs: 1 })).toBe(true);
  });
});
