// The router's quotas, besides each connection's token bucket: a tenant's frames per second across all
// its connections (every frame takes a slot of the tenant's second: a conditional write only when the
// store claims a batch of slots, see docs/quotas.md), and a user's
// queued/processing jobs (taken in the same transaction that stores the request). Both answer
// `RATE_LIMITED` with `retryAfterMs`. The store owns the counting (`QuotaStore`); this file owns
// when the router asks.
import type { NewRequest, QuotaPolicy, QuotaStore, RequestRecord, TokenDecision } from '@streamer/store';
import { RateLimitedError } from './errors';

/** What the router needs of the quota store, and the limits of each tenant. */
export interface RouterQuotas {
  store: Pick<QuotaStore, 'takeTenantRate' | 'enqueue' | 'releaseJob'>;
  policy: QuotaPolicy;
}

/** Connections whose tenant a router remembers (the least recently seen goes first). */
const REMEMBERED_TENANTS = 10_000;

/**
 * The tenant rate check of each frame. A connection's tenant never changes, so once a frame of a
 * connection was admitted its tenant is remembered and the next frame's take starts beside the
 * connection's own admission (in parallel: when the take claims slots it adds a store call, not its latency).
 */
export class TenantRateGate {
  private readonly tenants = new Map<string, string>();

  constructor(private readonly quotas: RouterQuotas | undefined) {}

  /** The take, started before the admission when the connection's tenant is known; never rejects unhandled. */
  early(connectionId: string, now: number): Promise<TokenDecision> | undefined {
    const tenantId = this.tenants.get(connectionId);
    if (this.quotas === undefined || tenantId === undefined) return undefined;
    const take = this.take(tenantId, now);
    take.catch(() => undefined);
    return take;
  }

  /** Throws `RATE_LIMITED` when the tenant's window is full (`early`'s take when there was one). */
  async assert(connection: { connectionId: string; tenantId: string }, now: number, early: Promise<TokenDecision> | undefined): Promise<void> {
    if (this.quotas === undefined) return;
    this.remember(connection.connectionId, connection.tenantId);
    const decision = await (early ?? this.take(connection.tenantId, now));
    if (!decision.allowed) throw new RateLimitedError(Math.max(1, Math.ceil(decision.retryAfterMs)));
  }

  private take(tenantId: string, now: number): Promise<TokenDecision> {
    const quotas = this.quotas as RouterQuotas;
    return quotas.store.takeTenantRate(tenantId, quotas.policy(tenantId), now);
  }

  private remember(connectionId: string, tenantId: string): void {
    this.tenants.delete(connectionId);
    this.tenants.set(connectionId, tenantId);
    if (this.tenants.size > REMEMBERED_TENANTS) this.tenants.delete(this.tenants.keys().next().value as string);
  }
}

/**
 * Stores a new request within its user's job quota (or as `RequestStore.create` without quotas);
 * `RATE_LIMITED` with the store's retry hint when the user already has the most jobs running.
 */
export async function createWithinQuota(
  create: (request: NewRequest) => Promise<{ request: RequestRecord; created: boolean }>,
  quotas: RouterQuotas | undefined,
  request: NewRequest,
): Promise<{ request: RequestRecord; created: boolean }> {
  if (quotas === undefined) return create(request);
  const admission = await quotas.store.enqueue(request, quotas.policy(request.tenantId));
  if (!admission.admitted) throw new RateLimitedError(admission.retryAfterMs);
  return admission;
}

/** A request that reached a terminal state gives its job place back; a failure only logs (the next refusal heals it). */
export async function releaseJob(quotas: RouterQuotas | undefined, request: RequestRecord, onError: (error: unknown) => void): Promise<void> {
  if (quotas === undefined) return;
  await quotas.store.releaseJob(request).catch(onError);
}
