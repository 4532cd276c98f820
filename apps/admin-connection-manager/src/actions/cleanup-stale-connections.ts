// cleanup_stale_connections {} (also any EventBridge scheduled event) →
// {message, cleanedCount, staleCount, goneCount, requeuedCount, resentCount, failedCount, complete}.
// Four passes: stale connections and connections gone at the gateway are worked page by page with
// bounded concurrency; in between, requests whose lease expired and retries that never arrived are
// recovered by the processor's own rules. A run near the Lambda deadline stops between pages with `complete: false`; the next
// (hourly) run continues with whatever is still left.
import { retireGone } from '../cleanup/gone-pass';
import { requeueExpiredLeases } from '../cleanup/lease-pass';
import { retireStale } from '../cleanup/stale-pass';
import { resendStalled } from '../cleanup/stalled-pass';
import { hasTimeLeft, newTally } from '../cleanup/tally';
import { ok } from '../responses';
import { actionEvent } from '../validation';
import { defineAction } from './action';

export const CLEANUP_ACTION = 'cleanup_stale_connections';

const PASSES = [retireStale, requeueExpiredLeases, resendStalled, retireGone] as const;

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
