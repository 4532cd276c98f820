// Pass 2: requests stuck in `processing` after their lease expired (the processor died between claim
// and finish) go back to `queued` and onto the retry queue, through the processor's own recovery
// rule (`recoverExpiredLeases`), so the admin and the processor agree on what recovery means: the
// last error is kept (TIMEOUT when none), the retry is sent with no delay, and the next claim fails a
// request whose attempts are used up. One request's failure is counted and the pass goes on; the
// next run tries again (a request re-queued whose message was not sent is found by pass 3).
import { recoverExpiredLeases } from '@streamer/processor';
import type { ResolvedDeps } from '../deps';
import type { CleanupTally } from './tally';

export async function requeueExpiredLeases(deps: ResolvedDeps, tally: CleanupTally, now: number): Promise<void> {
  const { requests, retryQueue, logger } = deps;
  try {
    const { recovered, failed } = await recoverExpiredLeases({ requests, retryQueue, now, logger });
    tally.requeuedCount += recovered;
    tally.failedCount += failed;
  } catch (error) {
    tally.failedCount += 1;
    logger.error('Could not list the requests whose lease expired', { error });
  }
}
