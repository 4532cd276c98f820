// Token-bucket arithmetic shared by both stores. The state lives on the connection item.
import { InvalidInputError } from './errors';
import type { TokenBucket, TokenDecision } from './model';

export interface BucketState {
  tokens: number;
  /** Epoch ms of the last refill. */
  updatedAt: number;
}

export interface BucketOutcome {
  decision: TokenDecision;
  /** New state to persist; undefined when nothing changes (refused take). */
  next?: BucketState;
}

export function assertBucket(bucket: TokenBucket): void {
  if (!(bucket.ratePerSecond > 0) || !(bucket.burst >= 1) || !Number.isFinite(bucket.burst)) {
    throw new InvalidInputError('token bucket needs ratePerSecond > 0 and a finite burst >= 1');
  }
}

/** Refills `state` up to `now` (a missing state is a full bucket) and takes one token if it can. */
export function takeFromBucket(state: BucketState | undefined, bucket: TokenBucket, now: number): BucketOutcome {
  const elapsedMs = state === undefined ? 0 : Math.max(0, now - state.updatedAt);
  const available =
    state === undefined ? bucket.burst : Math.min(bucket.burst, state.tokens + (elapsedMs * bucket.ratePerSecond) / 1000);
  if (available >= 1) {
    return { decision: { allowed: true, retryAfterMs: 0 }, next: { tokens: available - 1, updatedAt: Math.max(now, state?.updatedAt ?? now) } };
  }
  const retryAfterMs = Math.max(1, Math.ceil(((1 - available) * 1000) / bucket.ratePerSecond));
  return { decision: { allowed: false, retryAfterMs } };
}
