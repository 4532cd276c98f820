// The connection lifecycle, owned once: retiring a connection (DISCONNECTED with the audit TTL, its
// subscriptions dropped) and the policy for refreshing `lastActiveAt`. $disconnect, the admin cleanup,
// the connection manager's 410 handling and the router all go through ConnectionLifecycle; it composes
// the connection and subscription stores, so the DynamoDB stores and the in-memory fakes share it.
import { InvalidInputError } from './errors';
import type { ConnectionRecord, ConnectionStore, Disconnection, SubscriptionStore } from './model';
import type { QuotaPolicy, QuotaStore } from './quotas';
import { DISCONNECTED_AUDIT_TTL_SECONDS, TOUCH_INTERVAL_MS, ttlAfter } from './records';

/** The stores a lifecycle writes to (any implementation; the same objects the caller uses). */
export interface LifecycleStores {
  connections: Pick<ConnectionStore, 'markDisconnected' | 'touch'>;
  subscriptions: Pick<SubscriptionStore, 'removeTopics' | 'removeAllForConnection'>;
  /** A retired connection gives back the connection-quota places `$connect` took under `policy`. */
  quotaRelease?: QuotaRelease;
}

/** The quota store and the limits (per tenant) its connection places were taken under. */
export interface QuotaRelease {
  store: Pick<QuotaStore, 'releaseConnection'>;
  policy: QuotaPolicy;
}

export interface LifecycleOptions {
  /** How long a retired connection's item is kept for audit; whole seconds, default 1 h. */
  disconnectedTtlSeconds?: number;
}

export interface RetireOptions {
  /** When the connection ended (epoch ms): `disconnectedAt`, and the start of the audit TTL. */
  at: number;
  /**
   * Retire only if `lastActiveAt` is still before this time (epoch ms): a connection that was active
   * since (a frame arrived between a stale scan and the write) is left alone, subscriptions included.
   */
  ifInactiveSince?: number;
}

export interface Retirement {
  /** The DISCONNECTED record (also when it already was); undefined when unknown or left alone. */
  connection: ConnectionRecord | undefined;
  subscriptionsRemoved: number;
}

/** The one audit-TTL rule: a disconnected item expires `seconds` after `at` (epoch seconds). */
export function disconnectedTtl(at: number, seconds: number = DISCONNECTED_AUDIT_TTL_SECONDS): number {
  return ttlAfter(at, seconds);
}

export class ConnectionLifecycle {
  private readonly disconnectedTtlSeconds: number;

  constructor(
    private readonly stores: LifecycleStores,
    options: LifecycleOptions = {},
  ) {
    const seconds = options.disconnectedTtlSeconds ?? DISCONNECTED_AUDIT_TTL_SECONDS;
    if (!Number.isInteger(seconds) || seconds < 1) {
      throw new InvalidInputError(`disconnectedTtlSeconds must be a whole number of seconds ≥ 1, got ${seconds}`);
    }
    this.disconnectedTtlSeconds = seconds;
  }

  /**
   * Marks the connection DISCONNECTED (kept `disconnectedTtlSeconds` for audit) and drops its
   * subscriptions. Idempotent. The mark hands back the topics the connection's item lists, so a
   * connection without subscriptions costs one write and one with them a second (a batch delete of
   * those keys). When the connection is unknown, or the mark fails, its subscriptions are looked up by
   * the index and dropped anyway (a failed mark is rethrown once that settled; an AggregateError when
   * both failed). With `ifInactiveSince` nothing else is done unless the conditional mark succeeded.
   */
  async retire(connectionId: string, { at, ifInactiveSince }: RetireOptions): Promise<Retirement> {
    const { connections, subscriptions } = this.stores;
    const ttl = disconnectedTtl(at, this.disconnectedTtlSeconds);
    let marked: Disconnection | undefined;
    try {
      marked = await connections.markDisconnected(connectionId, { at, ttl, ...(ifInactiveSince === undefined ? {} : { ifInactiveSince }) });
    } catch (error) {
      if (ifInactiveSince !== undefined) throw error;
      await subscriptions.removeAllForConnection(connectionId).catch((dropError: unknown) => {
        throw new AggregateError([error, dropError], `Could not retire connection ${connectionId}`);
      });
      throw error;
    }
    if (marked === undefined) {
      const subscriptionsRemoved = ifInactiveSince === undefined ? await subscriptions.removeAllForConnection(connectionId) : 0;
      return { connection: undefined, subscriptionsRemoved };
    }
    const { connection, topics } = marked;
    const [subscriptionsRemoved] = await Promise.all([
      topics.length === 0 ? 0 : subscriptions.removeTopics(connection.tenantId, connectionId, topics),
      this.releaseQuota(connection),
    ]);
    return { connection, subscriptionsRemoved };
  }

  /**
   * The connection's places in its user's and tenant's connection quotas (idempotent: a second retire
   * releases nothing more). A place a failed release leaves behind is dropped by the next refused
   * `$connect` of that user or tenant, which verifies the members it counts.
   */
  private async releaseQuota(connection: ConnectionRecord): Promise<void> {
    const release = this.stores.quotaRelease;
    if (release !== undefined) await release.store.releaseConnection(connection, release.policy(connection.tenantId));
  }

  /**
   * The touch policy: `lastActiveAt` is refreshed at most once a minute per connection, which keeps
   * active sockets clear of the stale cleanup (`STALE_AFTER`, 1 h) at a write a minute at most.
   * `lastActiveAt` undefined means "not known": due.
   */
  touchDue(lastActiveAt: number | undefined, now: number): boolean {
    return lastActiveAt === undefined || now - lastActiveAt >= TOUCH_INTERVAL_MS;
  }

  /** Sets `lastActiveAt` to `at` when `touchDue`; returns whether it wrote. An unknown id is ignored. */
  async touch(connectionId: string, { at, lastActiveAt }: { at: number; lastActiveAt?: number }): Promise<boolean> {
    if (!this.touchDue(lastActiveAt, at)) return false;
    await this.stores.connections.touch(connectionId, at);
    return true;
  }
}
