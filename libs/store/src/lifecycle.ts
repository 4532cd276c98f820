// The connection lifecycle, owned once: retiring a connection (DISCONNECTED with the audit TTL, its
// subscriptions dropped) and the policy for refreshing `lastActiveAt`. $disconnect, the admin cleanup,
// the connection manager's 410 handling and the router all go through ConnectionLifecycle; it composes
// the connection and subscription stores, so the DynamoDB stores and the in-memory fakes share it.
import { InvalidInputError } from './errors';
import type { ConnectionRecord, ConnectionStore, SubscriptionStore } from './model';
import { DISCONNECTED_AUDIT_TTL_SECONDS, TOUCH_INTERVAL_MS, ttlAfter } from './records';

/** The stores a lifecycle writes to (any implementation; the same objects the caller uses). */
export interface LifecycleStores {
  connections: Pick<ConnectionStore, 'markDisconnected' | 'touch'>;
  subscriptions: Pick<SubscriptionStore, 'removeAllForConnection'>;
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
   * subscriptions. Idempotent. Without `ifInactiveSince` both writes run at once and both run even
   * when the other fails (an unknown id still loses any subscriptions left behind); a failure is
   * rethrown once both settled (an AggregateError when both failed). With `ifInactiveSince` the
   * subscriptions are dropped only once the conditional mark succeeded.
   */
  async retire(connectionId: string, { at, ifInactiveSince }: RetireOptions): Promise<Retirement> {
    const { connections, subscriptions } = this.stores;
    const ttl = disconnectedTtl(at, this.disconnectedTtlSeconds);
    if (ifInactiveSince !== undefined) {
      const connection = await connections.markDisconnected(connectionId, { at, ttl, ifInactiveSince });
      if (connection === undefined) return { connection, subscriptionsRemoved: 0 };
      return { connection, subscriptionsRemoved: await subscriptions.removeAllForConnection(connectionId) };
    }
    const [marked, dropped] = await Promise.allSettled([
      connections.markDisconnected(connectionId, { at, ttl }),
      subscriptions.removeAllForConnection(connectionId),
    ]);
    if (marked.status === 'fulfilled' && dropped.status === 'fulfilled') {
      return { connection: marked.value, subscriptionsRemoved: dropped.value };
    }
    const errors = [marked, dropped].flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    throw errors.length === 1 ? errors[0] : new AggregateError(errors, `Could not retire connection ${connectionId}`);
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
