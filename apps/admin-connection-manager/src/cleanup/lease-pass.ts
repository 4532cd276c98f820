// Pass 2: requests stuck in `processing` after their lease expired (the processor crashed or timed
// out between claim and finish) → back to `queued`, and onto the retry queue so a processor picks
// them up. A request that finished or was re-claimed meanwhile loses the condition and is skipped.
import { ConditionConflictError, ItemNotFoundError, type StoredError } from '@streamer/store';
import type { Invocation } from '../actions/action';
import type { ResolvedDeps } from '../deps';
import { chunks, forEachBounded } from './bounded';
import { type CleanupTally, hasTimeLeft } from './tally';

/** Kept on the request as `lastError` while it waits for its next attempt. */
export const LEASE_EXPIRED_ERROR: StoredError = {
  code: 'TIMEOUT',
  message: 'The processing lease expired before the request finished',
  retryable: true,
};

export async function requeueExpiredLeases(
  deps: ResolvedDeps,
  tally: CleanupTally,
  now: number,
  invocation: Invocation,
): Promise<void> {
  const pageSize = deps.cleanupPageSize;
  for await (const page of chunks(deps.requests.expiredLeases(now, { pageSize }), pageSize)) {
    await forEachBounded(page, deps.cleanupConcurrency, ({ requestId }) => requeueOne(deps, tally, requestId));
    if (!hasTimeLeft(invocation)) {
      tally.complete = false;
      return;
    }
  }
}

async function requeueOne(deps: ResolvedDeps, tally: CleanupTally, requestId: string): Promise<void> {
  try {
    await deps.requests.requeue(requestId, LEASE_EXPIRED_ERROR);
  } catch (error) {
    if (error instanceof ConditionConflictError || error instanceof ItemNotFoundError) return;
    tally.failedCount += 1;
    deps.logger.error('Could not requeue a request with an expired lease', { requestId, error });
    return;
  }
  try {
    await deps.retryQueue.enqueue(requestId, 0);
    tally.requeuedCount += 1;
  } catch (error) {
    tally.failedCount += 1;
    deps.logger.error('Request set back to queued but not sent to the retry queue', { requestId, error });
  }
}
