// Pass 1: CONNECTED connections whose lastActiveAt is older than the cutoff → DISCONNECTED. The write
// is conditional on lastActiveAt still being before the cutoff, so a connection that sent a frame
// between the scan and the write (the router refreshed lastActiveAt) stays connected.
import type { Invocation } from '../actions/action';
import type { ResolvedDeps } from '../deps';
import { chunks, forEachBounded } from './bounded';
import { type CleanupTally, hasTimeLeft } from './tally';

export async function retireStale(deps: ResolvedDeps, tally: CleanupTally, now: number, invocation: Invocation): Promise<void> {
  const pageSize = deps.cleanupPageSize;
  const cutoff = now - deps.staleAfterMs;
  const stale = deps.connections.staleSince(cutoff, { pageSize });
  for await (const page of chunks(stale, pageSize)) {
    await forEachBounded(page, deps.cleanupConcurrency, async ({ connectionId }) => {
      try {
        const { connection } = await deps.lifecycle.retire(connectionId, { at: now, ifInactiveSince: cutoff });
        if (connection !== undefined) tally.staleCount += 1;
      } catch (error) {
        tally.failedCount += 1;
        deps.logger.error('Could not retire a stale connection', { connectionId, error });
      }
    });
    if (!hasTimeLeft(invocation)) {
      tally.complete = false;
      return;
    }
  }
}
