// cleanup_stale_connections {} (also any EventBridge scheduled event) →
// {message, cleanedCount, staleCount, goneCount, failedCount, complete}.
// Two passes, each worked page by page with at most `cleanupConcurrency` calls in flight (memory holds
// one page): stale connections, then connections gone at the gateway. A run near the Lambda deadline
// stops between pages with `complete: false`; the next (hourly) run continues with whatever is still
// left. A run that checked every connection also reports `ActiveConnections` per tenant (the
// connections the gateway still knows). (The request sweeps — expired leases, stalled retries — are the processor's: its
// `sweepHandler`, on its own schedule.)
import { chunks, mapLimit } from '@streamer/kernel';
import type { ConnectionRecord } from '@streamer/store';
import type { ResolvedDeps } from '../deps';
import { ok } from '../responses';
import { actionEvent } from '../validation';
import { defineAction, type Invocation } from './action';

export const CLEANUP_ACTION = 'cleanup_stale_connections';

/** Counters of one cleanup run. */
interface CleanupTally {
  /** CONNECTED connections inactive longer than STALE_AFTER, now DISCONNECTED. */
  staleCount: number;
  /** CONNECTED connections the gateway no longer knows (410), now DISCONNECTED. */
  goneCount: number;
  /** Gateway checks, store reads and writes that failed (logged; the next run tries again). */
  failedCount: number;
  /** False when the run stopped early to stay inside the Lambda deadline. */
  complete: boolean;
  /** Connections the gateway confirmed, by tenant (pass 2). */
  activeByTenant?: Map<string, number>;
}

type Pass = (deps: ResolvedDeps, tally: CleanupTally, now: number, invocation: Invocation) => Promise<void>;

export const cleanupStaleConnections = defineAction(
  CLEANUP_ACTION,
  actionEvent(CLEANUP_ACTION, {}),
  async (_params, deps, invocation) => {
    const tally: CleanupTally = { staleCount: 0, goneCount: 0, failedCount: 0, complete: true };
    const now = deps.clock.now();
    const passes: readonly Pass[] = [retireStale, retireGone];
    for (const pass of passes) {
      if (!hasTimeLeft(invocation)) tally.complete = false;
      if (!tally.complete) break;
      await pass(deps, tally, now, invocation);
    }
    const { activeByTenant, ...counts } = tally;
    if (tally.complete) reportActiveConnections(deps, activeByTenant ?? new Map());
    const cleanedCount = tally.staleCount + tally.goneCount;
    deps.logger.info('Cleanup finished', { ...counts, cleanedCount });
    return ok({ message: 'Stale connections cleaned up', cleanedCount, ...counts });
  },
);

/** Tenants reported one by one at most: the rest are summed under tenant `other` (dimensions stay bounded). */
export const MAX_TENANT_DIMENSIONS = 50;

/** `ActiveConnections` in all and for the largest tenants (gauges; read their Maximum). */
function reportActiveConnections(deps: ResolvedDeps, activeByTenant: ReadonlyMap<string, number>): void {
  const largest = [...activeByTenant].sort(([, a], [, b]) => b - a);
  let total = 0;
  let others = 0;
  largest.forEach(([tenant, count], index) => {
    total += count;
    if (index < MAX_TENANT_DIMENSIONS) deps.metrics.gauge('ActiveConnections', count, { tenant });
    else others += count;
  });
  if (others > 0) deps.metrics.gauge('ActiveConnections', others, { tenant: 'other' });
  deps.metrics.gauge('ActiveConnections', total);
}

/** Time kept in reserve before the Lambda deadline: no new page is started with less than this left. */
const DEADLINE_RESERVE_MS = 15_000;

/** True while another page of work fits before the deadline (always true outside Lambda). */
function hasTimeLeft(invocation: Invocation): boolean {
  return invocation.remainingMs === undefined || invocation.remainingMs() > DEADLINE_RESERVE_MS;
}

/**
 * Pass 1: CONNECTED connections whose lastActiveAt is older than the cutoff → DISCONNECTED. The write
 * is conditional on lastActiveAt still being before the cutoff, so a connection that sent a frame
 * between the scan and the write (the router refreshed lastActiveAt) stays connected.
 */
async function retireStale(deps: ResolvedDeps, tally: CleanupTally, now: number, invocation: Invocation): Promise<void> {
  const pageSize = deps.cleanupPageSize;
  const cutoff = now - deps.staleAfterMs;
  const stale = deps.connections.staleSince(cutoff, { pageSize });
  for await (const page of chunks(stale, pageSize)) {
    await mapLimit(page, deps.cleanupConcurrency, async ({ connectionId }) => {
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

/**
 * Pass 2: every remaining CONNECTED connection is checked at the gateway (GET @connections/{id});
 * a 410 means API Gateway already closed it without our $disconnect running → DISCONNECTED.
 * Other gateway failures leave the connection alone (it is checked again next run); a page on which
 * every check failed means the management API itself is unhealthy, and the pass stops there.
 */
async function retireGone(deps: ResolvedDeps, tally: CleanupTally, now: number, invocation: Invocation): Promise<void> {
  let nextToken: string | undefined;
  do {
    const limit = deps.cleanupPageSize;
    const page = await deps.connections.page(nextToken === undefined ? { limit } : { limit, nextToken });
    let failedChecks = 0;
    await mapLimit(page.items, deps.cleanupConcurrency, async (connection) => {
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
async function checkOne(deps: ResolvedDeps, tally: CleanupTally, { connectionId, tenantId }: ConnectionRecord, now: number): Promise<boolean> {
  try {
    await deps.gateway.get(connectionId);
    tally.activeByTenant ??= new Map();
    tally.activeByTenant.set(tenantId, (tally.activeByTenant.get(tenantId) ?? 0) + 1);
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
