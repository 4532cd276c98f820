// A tenant's frames per second, counted in claims. An execution environment serves one invocation at
// a time and many in its life, so it claims slots of the tenant's current second in batches and admits
// the frames it serves from the slots it holds, without a write: the first frame of a second claims 1
// slot, each further claim in that second doubles the batch (1, 2, 4, …) up to `claimCap(limit)`. A
// claim is one conditional write that adds its slots to a shard's counter only while the counter stays
// within the shard's share, so the slots claimed across all environments never pass the limit and no
// frame is admitted without one. A new second starts from nothing: slots left over in the last one are
// lost (conservative — the counter may count slots nobody used, at most `cap - 1` per environment and
// second, so a tenant can be refused slightly before its limit, never admitted beyond it).
import type { TokenDecision } from './model';
import { QUOTA_ALLOWED, rateShare, tenantRateKey } from './quotas';

/** Largest claim for a limit: 1 below 100 frames/s (one write per frame, the plain count), 16 from 800/s. */
export function claimCap(limit: number): number {
  return Math.min(16, Math.max(1, Math.floor(limit / 50)));
}

/** The counter one claim writes: a shard of a tenant's one-second window. */
export interface RateWindow {
  key: string;
  /** The shard's share of the limit: its counter never passes it. */
  share: number;
  /** Epoch seconds at which the counter may expire (a minute after its second). */
  ttl: number;
}

/** A claim's write: its slots added, or refused with the count the counter held (its share when unknown). */
export type ClaimOutcome = { claimed: true } | { claimed: false; held: number };

/** Adds `slots` to the window's counter if the counter stays within its share (one conditional write). */
export type ClaimWrite = (window: RateWindow, slots: number) => Promise<ClaimOutcome>;

/** The slots an environment holds in a tenant's second, and how many claims it made in it. */
interface Pool {
  second: number;
  free: number;
  claims: number;
}

/** Tenants whose current second an environment remembers (the one whose second started first goes first). */
const REMEMBERED_TENANTS = 1_000;
/** A claim refused for lack of room is retried with what is left, then with 1 slot, then refused. */
const MAX_WRITES_PER_TAKE = 3;

/** One environment's claims (one per store instance); the counters are written through `write`. */
export class TenantRateClaims {
  private readonly pools = new Map<string, Pool>();

  constructor(
    private readonly write: ClaimWrite,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * One frame of `tenantId` at `now`: a slot held, else a claim; refused with the time to the next second.
   * A limit of 0 (or less) is no limit: allowed, no write.
   */
  async take(tenantId: string, limit: number, now: number): Promise<TokenDecision> {
    if (limit <= 0) return QUOTA_ALLOWED;
    const { second, shard, share, retryAfterMs } = rateShare(limit, now, this.random());
    const pool = this.pool(tenantId, second);
    if (pool.free > 0) {
      pool.free -= 1;
      return QUOTA_ALLOWED;
    }
    const window = { key: tenantRateKey(tenantId, second, shard), share, ttl: second + 60 };
    let slots = Math.min(share, claimCap(limit), 2 ** pool.claims);
    pool.claims += 1;
    for (let writes = 1; ; writes += 1) {
      const outcome = await this.write(window, slots);
      if (outcome.claimed) {
        if (this.pools.get(tenantId) === pool) pool.free += slots - 1;
        return QUOTA_ALLOWED;
      }
      const available = share - outcome.held;
      if (available <= 0 || slots === 1 || writes >= MAX_WRITES_PER_TAKE) return { allowed: false, retryAfterMs };
      slots = writes + 1 === MAX_WRITES_PER_TAKE ? 1 : Math.min(slots - 1, available);
    }
  }

  /** The tenant's pool of `second`; a new second replaces the last one's (its free slots are lost). */
  private pool(tenantId: string, second: number): Pool {
    const current = this.pools.get(tenantId);
    if (current !== undefined && current.second === second) return current;
    // A frame stamped before the pool's second claims its one slot and keeps nothing.
    if (current !== undefined && current.second > second) return { second, free: 0, claims: 0 };
    const fresh = { second, free: 0, claims: 0 };
    this.pools.delete(tenantId);
    this.pools.set(tenantId, fresh);
    if (this.pools.size > REMEMBERED_TENANTS) this.pools.delete(this.pools.keys().next().value as string);
    return fresh;
  }
}
