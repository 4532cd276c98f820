// cleanup_stale_connections {} (also any EventBridge scheduled event) →
// {message, cleanedCount, staleCount, goneCount, failedCount, scannedCount, resumed, complete}.
// One walk over the CONNECTED connections, least recently active first (the store's sparse activity
// index: DISCONNECTED items are never read, TTL deletes them), page by page with at most
// `cleanupConcurrency` calls in flight. Each connection met is either stale (inactive longer than
// STALE_AFTER → DISCONNECTED) or checked at the gateway (410 → DISCONNECTED).
// Bounded and resumable: a run reads at most `cleanupMaxItems` entries and starts no page with less
// than DEADLINE_RESERVE_MS of the Lambda's time left; its position is saved after every page (a cursor
// item in the connections table), so the next run goes on from there instead of the first page. A run
// that reaches the end clears the cursor (`complete: true`); the next one starts a new walk. A run that
// walked every connection by itself (complete, not resumed) also reports `ActiveConnections` per
// tenant (the connections the gateway still knows); a walk spread over runs does not (its count would
// be partial). (The request sweeps — expired leases, stalled retries — are the processor's: its `sweepHandler`.)
import { mapLimit } from '@streamer/kernel';
import type { ActivityCursor, ActivityEntry } from '@streamer/store';
import type { ResolvedDeps } from '../deps';
import { ok } from '../responses';
import { actionEvent } from '../validation';
import { defineAction, type Invocation } from './action';

export const CLEANUP_ACTION = 'cleanup_stale_connections';

/** Counters of one cleanup run (returned and logged, for metrics). */
interface CleanupTally {
  /** Entries of the activity index read by this run: each a CONNECTED connection visited. */
  scannedCount: number;
  /** CONNECTED connections inactive longer than STALE_AFTER, now DISCONNECTED. */
  staleCount: number;
  /** CONNECTED connections the gateway no longer knows (410), now DISCONNECTED. */
  goneCount: number;
  /** Gateway checks, store reads and writes that failed (logged; the next walk tries again). */
  failedCount: number;
  /** True when the run went on from the position an earlier run saved. */
  resumed: boolean;
  /** True when the walk reached its end in this run; false when it stopped at its budget (saved). */
  complete: boolean;
  /** Connections the gateway confirmed, by tenant. */
  activeByTenant?: Map<string, number>;
}

export const cleanupStaleConnections = defineAction(
  CLEANUP_ACTION,
  actionEvent(CLEANUP_ACTION, {}),
  async (_params, deps, invocation) => {
    const now = deps.clock.now();
    let cursor = await deps.connections.loadCleanupCursor();
    const tally: CleanupTally = { scannedCount: 0, staleCount: 0, goneCount: 0, failedCount: 0, resumed: cursor !== undefined, complete: false };
    while (tally.scannedCount < deps.cleanupMaxItems && hasTimeLeft(invocation)) {
      const limit = Math.min(deps.cleanupPageSize, deps.cleanupMaxItems - tally.scannedCount);
      const page = await deps.connections.activityPage(cursor === undefined ? { limit } : { after: cursor, limit });
      tally.scannedCount += page.items.length;
      if (!(await visitPage(deps, tally, page.items, now))) break;
      cursor = page.next;
      await deps.connections.saveCleanupCursor(cursor);
      if (cursor === undefined) {
        tally.complete = true;
        break;
      }
    }
    const { activeByTenant, ...counts } = tally;
    if (tally.complete && !tally.resumed) reportActiveConnections(deps, activeByTenant ?? new Map());
    const cleanedCount = tally.staleCount + tally.goneCount;
    deps.logger.info('Cleanup finished', { ...counts, cleanedCount, cursor: describe(cursor) });
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
 * Retires the stale entries of a page and checks the others at the gateway. False when every gateway
 * check of the page failed: the management API itself is unhealthy, so the run stops without moving
 * its cursor past the page (the next run checks it again).
 */
async function visitPage(deps: ResolvedDeps, tally: CleanupTally, entries: readonly ActivityEntry[], now: number): Promise<boolean> {
  const cutoff = now - deps.staleAfterMs;
  let checks = 0;
  let failedChecks = 0;
  await mapLimit(entries, deps.cleanupConcurrency, async (entry) => {
    if (entry.lastActiveAt < cutoff) return retireStale(deps, tally, entry.connectionId, now, cutoff);
    checks += 1;
    if (!(await checkOne(deps, tally, entry, now))) failedChecks += 1;
  });
  if (checks > 0 && failedChecks === checks) {
    deps.logger.error('Every gateway check of a page failed; cleanup stopped', { failedChecks });
    return false;
  }
  return true;
}

/**
 * A CONNECTED connection whose lastActiveAt is older than the cutoff → DISCONNECTED. The write is
 * conditional on lastActiveAt still being before the cutoff, so a connection that sent a frame since
 * the index was read (the router refreshed lastActiveAt) stays connected.
 */
async function retireStale(deps: ResolvedDeps, tally: CleanupTally, connectionId: string, now: number, cutoff: number): Promise<void> {
  try {
    const { connection } = await deps.lifecycle.retire(connectionId, { at: now, ifInactiveSince: cutoff });
    if (connection !== undefined) tally.staleCount += 1;
  } catch (error) {
    tally.failedCount += 1;
    deps.logger.error('Could not retire a stale connection', { connectionId, error });
  }
}

/**
 * GET @connections/{id}: a 410 means API Gateway already closed it without our $disconnect running →
 * DISCONNECTED. Other gateway failures leave the connection alone. Returns false when the gateway
 * could not say whether the connection is still there.
 */
async function checkOne(deps: ResolvedDeps, tally: CleanupTally, { connectionId, tenantId }: ActivityEntry, now: number): Promise<boolean> {
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

/** The saved position, for the log line (shard and last id, no more). */
function describe(cursor: ActivityCursor | undefined): string {
  return cursor === undefined ? 'none' : `shard ${cursor.shard}${cursor.last ? ` after ${cursor.last.connectionId}` : ''}`;
}
