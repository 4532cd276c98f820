// Pass 2: requests stuck in `processing` after their lease expired (the processor died between claim
// and finish) go back to `queued` and onto the retry queue, through the processor's own recovery
// rule (`recoverExpiredLeases`), so the admin and the processor agree on what recovery means: the
// last error is kept (TIMEOUT when none), the retry is sent with no delay, and the next claim fails a
// request whose attempts are used up. A failure is counted and logged; the next run tries again.
import { recoverExpiredLeases } from '@streamer/processor';
import type { ResolvedDeps } from '../deps';
import type { CleanupTally } from './tally';

export async function requeueExpiredLeases(deps: ResolvedDeps, tally: CleanupTally, now: number): Promise<void> {
  const { requests, retryQueue, logger } = deps;
  try {
    tally.requeuedCount += await recoverExpiredLeases({ requests, retryQueue, now, logger });
  } catch (error) {
    tally.failedCount += 1;
    logger.error('Could not re-queue the requests whose lease expired', { error });
  }
}
