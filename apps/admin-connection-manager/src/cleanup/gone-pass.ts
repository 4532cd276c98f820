// Pass 2: every remaining CONNECTED connection is checked at the gateway (GET @connections/{id});
// a 410 means API Gateway already closed it without our $disconnect running → DISCONNECTED.
// Other gateway failures leave the connection alone (it is checked again next run); a page on which
// every check failed means the management API itself is unhealthy, and the pass stops there.
import type { ConnectionRecord } from '@streamer/store';
import type { Invocation } from '../actions/action';
import type { ResolvedDeps } from '../deps';
import { forEachBounded } from './bounded';
import { type CleanupTally, hasTimeLeft } from './tally';

export async function retireGone(deps: ResolvedDeps, tally: CleanupTally, now: number, invocation: Invocation): Promise<void> {
  let nextToken: string | undefined;
  do {
    const limit = deps.cleanupPageSize;
    const page = await deps.connections.page(nextToken === undefined ? { limit } : { limit, nextToken });
    let failedChecks = 0;
    await forEachBounded(page.items, deps.cleanupConcurrency, async (connection) => {
      if (!(await checkOne(deps, tally, connection, now))) failedChecks += 1;
    });
    nextToken = page.nextToken;
    if (page.items.length > 0 && failedChecks === page.items.length) {
      deps.logger.error('Every gateway check of a page failed; gone-connection check stopped', { failedChecks });
      tally.complete = false;
      return;
    }
    if (nextToken !== undefined && !hasTimeLeft(invocation)) {
      tally.complete = false;
      return;
    }
  } while (nextToken !== undefined);
}

/** Returns false when the gateway could not say whether the connection is still there. */
async function checkOne(deps: ResolvedDeps, tally: CleanupTally, { connectionId }: ConnectionRecord, now: number): Promise<boolean> {
  try {
    await deps.gateway.get(connectionId);
    return true;
  } catch (error) {
    if (!deps.isGone(error)) {
      tally.failedCount += 1;
      deps.logger.warn('Gateway check failed; connection left as is', { connectionId, error });
      return false;
    }
  }
  try {
    const { connection } = await deps.lifecycle.retire(connectionId, { at: now });
    if (connection !== undefined) tally.goneCount += 1;
  } catch (error) {
    tally.failedCount += 1;
    deps.logger.error('Could not retire a gone connection', { connectionId, error });
  }
  return true;
}
