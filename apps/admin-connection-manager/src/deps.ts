// What the admin handler needs, as narrow ports. main.ts wires the DynamoDB stores and the management
// API gateway; tests wire the in-memory stores and FakeGateway.
import type { GatewayPort } from '@streamer/connection-manager';
import type { Publisher } from '@streamer/handler-api';
import { type Clock, type Logger, type Metrics, silentMetrics, systemClock } from '@streamer/kernel';
import { ConnectionLifecycle, type ConnectionStore, type QuotaRelease, type RequestStore, type SubscriptionStore } from '@streamer/store';

/** The two management-API calls the admin uses: GET (is it still there?) and DELETE (close it). */
export type AdminGateway = Pick<GatewayPort, 'get' | 'delete'>;

export interface AdminDeps {
  connections: ConnectionStore;
  requests: RequestStore;
  subscriptions: SubscriptionStore;
  /** Retired connections give their connection-quota places back (cleanup, `disconnect_connection`). */
  quotaRelease?: QuotaRelease;
  gateway: AdminGateway;
  /** The `publish` action's way to the sockets (the connection manager's `createPublisher`). */
  publisher: Publisher;
  /**
   * Settles background work before the invocation returns (the connection manager's `flush`: a
   * publish may leave gone-connection cleanups running). Default: nothing to settle.
   */
  settle?: (invocation?: { getRemainingTimeInMillis(): number }) => Promise<unknown>;
  /** True when a gateway rejection means the connection is gone (410); `isConnectionGone` in production. */
  isGone(error: unknown): boolean;
  logger: Logger;
  /** Actions by status and duration; the cleanup's active connections per tenant. Default: none. */
  metrics?: Metrics;
  /** Adds an action's correlation fields to the invocation's later log lines (the Lambda telemetry's `correlate`). */
  correlate?: (fields: Record<string, string | number | undefined>) => void;
  /** Default the system clock. */
  clock?: Clock;
  /** A CONNECTED connection inactive longer than this is stale. */
  staleAfterMs: number;
  /** Gateway checks (and store writes) in flight at once during cleanup; default 16. */
  cleanupConcurrency?: number;
  /** Entries of the activity index read per page during cleanup; default 100. */
  cleanupPageSize?: number;
  /** Most connections one cleanup run visits; the next run goes on from where it stopped. Default 100 000. */
  cleanupMaxItems?: number;
  /** Most connections returned by get_user_connections / get_tenant_connections; default 10 000. */
  listLimit?: number;
}

/** AdminDeps with every default applied, and the store's lifecycle over its connections and subscriptions. */
export type ResolvedDeps = Required<Omit<AdminDeps, 'settle' | 'correlate' | 'quotaRelease'>> & Pick<AdminDeps, 'settle' | 'correlate' | 'quotaRelease'> & { lifecycle: ConnectionLifecycle };

export const DEFAULT_CLEANUP_CONCURRENCY = 16;
export const DEFAULT_CLEANUP_PAGE_SIZE = 100;
export const DEFAULT_CLEANUP_MAX_ITEMS = 100_000;
export const DEFAULT_LIST_LIMIT = 10_000;

export function resolveDeps(deps: AdminDeps): ResolvedDeps {
  return {
    ...deps,
    lifecycle: new ConnectionLifecycle(deps),
    clock: deps.clock ?? systemClock,
    metrics: deps.metrics ?? silentMetrics,
    cleanupConcurrency: deps.cleanupConcurrency ?? DEFAULT_CLEANUP_CONCURRENCY,
    cleanupPageSize: deps.cleanupPageSize ?? DEFAULT_CLEANUP_PAGE_SIZE,
    cleanupMaxItems: deps.cleanupMaxItems ?? DEFAULT_CLEANUP_MAX_ITEMS,
    listLimit: deps.listLimit ?? DEFAULT_LIST_LIMIT,
  };
}
