// cleanup_stale_connections {} (also any EventBridge scheduled event) →
// {message, cleanedCount, staleCount, goneCount, failedCount, complete}.
// Two passes, each worked page by page with bounded concurrency: stale connections, then connections
// gone at the gateway. A run near the Lambda deadline stops between pages with `complete: false`; the
// next (hourly) run continues with whatever is still left. (The request sweeps — expired leases,
// stalled retries — are the processor's: its `sweepHandler`, on its own schedule.)
import { retireGone } from '../cleanup/gone-pass';
import { retireStale } from '../cleanup/stale-pass';
import { hasTimeLeft, newTally } from '../cleanup/tally';
import { ok } from '../responses';
import { actionEvent } from '../validation';
import { defineAction } from './action';

export const CLEANUP_ACTION = 'cleanup_stale_connections';

const PASSES = [retireStale, retireGone] as const;

export const cleanupStaleConnections = defineAction(
  CLEANUP_ACTION,
  actionEvent(CLEANUP_ACTION, {}),
  async (_params, deps, invocation) => {
    const tally = newTally();
    const now = deps.clock();
    for (const pass of PASSES) {
      if (!hasTimeLeft(invocation)) tally.complete = false;
      if (!tally.complete) break;
      await pass(deps, tally, now, invocation);
    }
    const cleanedCount = tally.staleCount + tally.goneCount;
    deps.logger.info('Cleanup finished', { ...tally, cleanedCount });
    return ok({ message: 'Stale connections cleaned up', cleanedCount, ...tally });
  },
);
