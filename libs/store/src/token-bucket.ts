// Token-bucket arithmetic shared by both stores, in its GCRA form (the generic cell rate algorithm):
// the bucket is one number per connection, the theoretical arrival time (TAT) of the next token. A
// take at `now` is allowed when the TAT is at most `(burst - 1)` emission intervals ahead of `now`,
// and moves it one interval on. That update is a single conditional write — no read-modify-write
// race between concurrent takes, so a burst of concurrent frames gets exactly `burst` tokens.
// Times are integer microseconds, so sums of intervals stay exact.
import { InvalidInputError } from './errors';
import type { TokenBucket, TokenDecision } from './model';

export interface Schedule {
  /** Time one token stands for: 1 / ratePerSecond. */
  intervalUs: number;
  /** How far ahead of now the TAT may be and a take still succeed: (burst - 1) intervals. */
  toleranceUs: number;
}

export interface Take {
  decision: TokenDecision;
  /** The TAT to store after an allowed take. */
  nextTatUs?: number;
}

export const ALLOWED: Readonly<TokenDecision> = Object.freeze({ allowed: true, retryAfterMs: 0 });

export function assertBucket(bucket: TokenBucket): void {
  if (!(bucket.ratePerSecond > 0) || !(bucket.burst >= 1) || !Number.isFinite(bucket.burst)) {
    throw new InvalidInputError('token bucket needs ratePerSecond > 0 and a finite burst >= 1');
  }
}

export function scheduleOf(bucket: TokenBucket): Schedule {
  const intervalUs = Math.max(1, Math.round(1_000_000 / bucket.ratePerSecond));
  return { intervalUs, toleranceUs: (Math.floor(bucket.burst) - 1) * intervalUs };
}

export function microseconds(epochMs: number): number {
  return Math.round(epochMs * 1000);
}

/** One take from a bucket whose TAT is `tatUs` (undefined: never used, a full bucket). */
export function takeAt(tatUs: number | undefined, bucket: TokenBucket, nowMs: number): Take {
  const { intervalUs, toleranceUs } = scheduleOf(bucket);
  const nowUs = microseconds(nowMs);
  const start = Math.max(tatUs ?? nowUs, nowUs);
  if (start - nowUs > toleranceUs) return { decision: refusal(start, nowUs, toleranceUs) };
  return { decision: ALLOWED, nextTatUs: start + intervalUs };
}

/** A refused take: how long until the TAT is back within the tolerance. */
export function refusal(tatUs: number, nowUs: number, toleranceUs: number): TokenDecision {
  return { allowed: false, retryAfterMs: Math.max(1, Math.ceil((tatUs - nowUs - toleranceUs) / 1000)) };
}
