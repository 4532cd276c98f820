// Quotas against abuse, owned once: the port both stores implement, the per-deployment limits and
// their per-tenant overrides, and the layout of the quota items (keys, shards, windows) both stores share.
//
// Three kinds of place are counted, each exact under concurrency because every take is a conditional
// write on the item that holds the count:
// - connections per user and per tenant: the ids of the CONNECTED connections, as string sets (a user's
//   set; the tenant's split over shards by a hash of the connection id, so no tenant has one hot item).
//   A take adds the id, a release deletes it: both idempotent. A set only grows past a dead member when
//   a Lambda died between a connection's end and its release; a refused take verifies the members
//   against their connection items and drops the dead before it answers (self-healing, no sweep), and
//   every set expires (TTL) a connection lifetime after its last take;
// - jobs per user: the ids of the user's queued/processing requests, verified against the requests
//   the same way;
// - requests per second per tenant: a counter per one-second window (and shard), expiring with it;
//   each execution environment claims its slots in batches (rate-claims.ts), so most frames write nothing.
import type { ConnectionRecord, NewRequest, RequestRecord, TokenDecision } from './model';

/** A limit of 0 means "no limit" (and no store call). */
export interface QuotaLimits {
  connectionsPerUser: number;
  connectionsPerTenant: number;
  /** Frames per second across all of a tenant's connections (besides each connection's bucket). */
  requestsPerSecondPerTenant: number;
  /** A user's requests that are queued or processing at once. */
  jobsPerUser: number;
}

/** The limits that apply to a tenant: the deployment's, or the tenant's override. */
export type QuotaPolicy = (tenantId: string) => QuotaLimits;

/** Which quota refused a connection. */
export type ConnectionQuotaReason = 'user-connections' | 'tenant-connections';

export type ConnectionAdmission = { admitted: true } | { admitted: false; reason: ConnectionQuotaReason };

/** `RequestStore.create`'s answer, or a refusal with its retry hint. */
export type JobAdmission = { admitted: true; request: RequestRecord; created: boolean } | { admitted: false; retryAfterMs: number };

/** Who holds a place: the ids quota items are keyed by. */
export type ConnectionHolder = Pick<ConnectionRecord, 'connectionId' | 'userId' | 'tenantId'>;
export interface JobHolder {
  requestId: string;
  userId: string;
  tenantId: string;
}

export interface QuotaStore {
  /**
   * Stores the connection (as `ConnectionStore.put`) and takes its place in the user's and the tenant's
   * connection quotas, atomically (one transaction): refused → nothing is stored.
   */
  admitConnection(connection: ConnectionRecord, limits: QuotaLimits): Promise<ConnectionAdmission>;
  /** Gives the connection's places back; idempotent. */
  releaseConnection(connection: ConnectionHolder, limits: QuotaLimits): Promise<void>;
  /**
   * One frame against the tenant's per-second window; refused with the time to the next window. A slot
   * this store instance (execution environment) claimed earlier in the second costs no write.
   */
  takeTenantRate(tenantId: string, limits: QuotaLimits, now?: number): Promise<TokenDecision>;
  /**
   * `RequestStore.create` that also takes the request's place in its user's jobs, atomically (one
   * transaction): refused with `JOB_RETRY_AFTER_MS` → nothing is stored. A client id the user already
   * used returns that request (created: false) and takes no place.
   */
  enqueue(request: NewRequest, limits: QuotaLimits): Promise<JobAdmission>;
  /** Gives a request's place back (it reached a terminal state); idempotent. */
  releaseJob(job: JobHolder): Promise<void>;
}

/** Retry hint of a refused job: a place frees when one of the user's running jobs ends. */
export const JOB_RETRY_AFTER_MS = 1_000;

/** Most connection ids one tenant shard holds (≈ 10 KB of ids): shards = ceil(limit / this). */
export const TENANT_SHARD_CAPACITY = 500;
/**
 * Most slots one rate window shard counts per second: even at one slot per claim, half an item's write
 * capacity (claims of up to 16 slots make its writes fewer still).
 */
export const RATE_SHARD_CAPACITY = 500;

export const QUOTA_KEY_PREFIX = 'quota#';

/** Each part URI-encoded so no id can reach into the next. */
function key(kind: string, ...parts: (string | number)[]): string {
  return `${QUOTA_KEY_PREFIX}${kind}#${parts.map((part) => encodeURIComponent(String(part))).join('#')}`;
}

export const userConnectionsKey = (tenantId: string, userId: string): string => key('cu', tenantId, userId);
export const tenantConnectionsKey = (tenantId: string, shard: number): string => key('ct', tenantId, shard);
export const userJobsKey = (tenantId: string, userId: string): string => key('ju', tenantId, userId);
export const tenantRateKey = (tenantId: string, second: number, shard: number): string => key('rt', tenantId, second, shard);

/** How many items share a limit of `limit` places of which one item holds at most `capacity`. */
export function shardCount(limit: number, capacity: number): number {
  return Math.max(1, Math.ceil(limit / capacity));
}

/** Shard `shard`'s share of `limit`: the shares differ by at most one and sum to `limit` exactly. */
export function shardShare(limit: number, shards: number, shard: number): number {
  return Math.floor(limit / shards) + (shard < limit % shards ? 1 : 0);
}

/** FNV-1a of the id: a connection always lands on the same tenant shard (release needs no lookup). */
export function shardOf(id: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i += 1) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** The tenant shard a connection counts on, and that shard's share of the tenant's limit. */
export function tenantShard(connectionId: string, limit: number): { shard: number; share: number } {
  const shards = shardCount(limit, TENANT_SHARD_CAPACITY);
  const shard = shardOf(connectionId, shards);
  return { shard, share: shardShare(limit, shards, shard) };
}

/**
 * The rate window of a take at `now`: the whole second (and how long until the next one starts), a
 * shard picked by `random` (in [0, 1)) and that shard's share of the tenant's per-second limit.
 */
export function rateShare(limit: number, now: number, random: number): { second: number; shard: number; share: number; retryAfterMs: number } {
  const second = Math.floor(now / 1000);
  const shards = shardCount(limit, RATE_SHARD_CAPACITY);
  const shard = Math.min(shards - 1, Math.floor(random * shards));
  return { second, shard, share: shardShare(limit, shards, shard), retryAfterMs: Math.max(1, (second + 1) * 1000 - now) };
}

/** One set a holder counts in: its item, the share of the limit it holds, what a refusal says. */
export interface SetTake {
  key: string;
  share: number;
  reason: ConnectionQuotaReason;
}

/** The sets a connection counts in, with their shares; none when both limits are off. */
export function connectionTakes(connection: ConnectionHolder, limits: QuotaLimits): SetTake[] {
  const takes: SetTake[] = [];
  if (limits.connectionsPerUser > 0) {
    takes.push({ key: userConnectionsKey(connection.tenantId, connection.userId), share: limits.connectionsPerUser, reason: 'user-connections' });
  }
  if (limits.connectionsPerTenant > 0) {
    const { shard, share } = tenantShard(connection.connectionId, limits.connectionsPerTenant);
    takes.push({ key: tenantConnectionsKey(connection.tenantId, shard), share, reason: 'tenant-connections' });
  }
  return takes;
}

export const QUOTA_ALLOWED: Readonly<TokenDecision> = Object.freeze({ allowed: true, retryAfterMs: 0 });

/**
 * After a heal that found every member alive, the set is not verified again for this long (per store
 * instance): a flood against a full quota costs one conditional write per refused take, not a read of
 * every member each time. A place a crash left behind is still dropped within this long.
 */
export const HEAL_PAUSE_MS = 5_000;
const REMEMBERED_PAUSES = 10_000;

/** The sets whose last heal dropped nothing, until when (epoch ms); the oldest entry goes first. */
export class HealPauses {
  private readonly until = new Map<string, number>();

  due(key: string, now: number): boolean {
    const until = this.until.get(key);
    return until === undefined || until <= now;
  }

  record(key: string, dropped: boolean, now: number): void {
    this.until.delete(key);
    if (dropped) return;
    this.until.set(key, now + HEAL_PAUSE_MS);
    if (this.until.size > REMEMBERED_PAUSES) this.until.delete(this.until.keys().next().value as string);
  }
}
