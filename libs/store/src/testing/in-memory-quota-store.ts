import type { NewRequest, TokenDecision } from '../model';
import { TERMINAL_STATUSES, type ConnectionRecord } from '../model';
import {
  type ConnectionAdmission,
  type ConnectionHolder,
  connectionTakes,
  HealPauses,
  JOB_RETRY_AFTER_MS,
  type JobAdmission,
  type JobHolder,
  type QuotaLimits,
  type QuotaStore,
  userJobsKey,
} from '../quotas';
import { type ClaimOutcome, type RateWindow, TenantRateClaims } from '../rate-claims';
import type { InMemoryConnectionStore } from './in-memory-connection-store';
import type { InMemoryStoreOptions } from './in-memory-options';
import type { InMemoryRequestStore } from './in-memory-request-store';

/**
 * In-memory QuotaStore with the DynamoDB one's semantics: the check and the take of a place happen in
 * one synchronous step (no await between them), so concurrent calls never exceed a limit; a refused
 * take first drops the members whose connection or request is no longer alive, as the DynamoDB store does.
 * Tenant rate claims are per instance, as per execution environment; `environment()` gives another
 * instance over the same items, to play several environments.
 */
export class InMemoryQuotaStore implements QuotaStore {
  private readonly pauses = new HealPauses();
  private readonly rateClaims: TenantRateClaims;
  private readonly clock: () => number;

  constructor(
    private readonly connections: InMemoryConnectionStore,
    private readonly requests: InMemoryRequestStore,
    private readonly options: InMemoryStoreOptions = {},
    private readonly random: () => number = Math.random,
    /** The quota items: shared by the stores `environment()` returns, as DynamoDB's table is. */
    private readonly items: { sets: Map<string, Set<string>>; counters: Map<string, number>; rateWrites: number } = { sets: new Map(), counters: new Map(), rateWrites: 0 },
  ) {
    this.clock = options.clock ?? Date.now;
    this.rateClaims = new TenantRateClaims((window, slots) => Promise.resolve(this.claimSlots(window, slots)), random);
  }

  /** Another execution environment's quota store (its own claims and heal pauses) over the same items. */
  environment(): InMemoryQuotaStore {
    return new InMemoryQuotaStore(this.connections, this.requests, this.options, this.random, this.items);
  }

  /** Conditional writes made on tenant rate counters so far, by every environment (for tests). */
  get rateWrites(): number {
    return this.items.rateWrites;
  }

  async admitConnection(connection: ConnectionRecord, limits: QuotaLimits): Promise<ConnectionAdmission> {
    const takes = connectionTakes(connection, limits);
    for (let round = 0; ; round += 1) {
      const full = takes.find((take) => !this.fits(take.key, take.share, connection.connectionId));
      if (full === undefined) {
        for (const take of takes) this.members(take.key).add(connection.connectionId);
        await this.connections.put(connection);
        return { admitted: true };
      }
      const alive = async (id: string) => (await this.connections.get(id))?.status === 'CONNECTED';
      if (round >= 2 || !(await this.dropDead(full.key, alive))) return { admitted: false, reason: full.reason };
    }
  }

  async releaseConnection(connection: ConnectionHolder, limits: QuotaLimits): Promise<void> {
    for (const take of connectionTakes(connection, limits)) this.items.sets.get(take.key)?.delete(connection.connectionId);
  }

  async takeTenantRate(tenantId: string, limits: QuotaLimits, now: number = this.clock()): Promise<TokenDecision> {
    return this.rateClaims.take(tenantId, limits.requestsPerSecondPerTenant, now);
  }

  async enqueue(request: NewRequest, limits: QuotaLimits): Promise<JobAdmission> {
    const key = userJobsKey(request.tenantId, request.userId);
    for (let round = 0; ; round += 1) {
      const known = this.requests.known(request);
      if (known !== undefined) return { admitted: true, request: known, created: false };
      if (limits.jobsPerUser <= 0 || this.fits(key, limits.jobsPerUser, request.requestId)) {
        const created = this.requests.create(request);
        if (limits.jobsPerUser > 0) this.members(key).add(request.requestId);
        try {
          return { admitted: true, ...(await created) };
        } catch (err) {
          this.items.sets.get(key)?.delete(request.requestId);
          throw err;
        }
      }
      const alive = async (id: string) => {
        const status = (await this.requests.get(id))?.status;
        return status !== undefined && !TERMINAL_STATUSES.includes(status);
      };
      if (round >= 2 || !(await this.dropDead(key, alive))) return { admitted: false, retryAfterMs: JOB_RETRY_AFTER_MS };
    }
  }

  async releaseJob(job: JobHolder): Promise<void> {
    this.items.sets.get(userJobsKey(job.tenantId, job.userId))?.delete(job.requestId);
  }

  /** How many places a quota item holds (for tests): the members of a set, or a window's count. */
  held(key: string): number {
    return this.items.sets.get(key)?.size ?? this.items.counters.get(key) ?? 0;
  }

  /**
   * The conditional `ADD` of DynamoDB's store, in one synchronous step; a refusal reports the count held,
   * as ReturnValuesOnConditionCheckFailure: ALL_OLD does
   * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html).
   */
  private claimSlots(window: RateWindow, slots: number): ClaimOutcome {
    this.items.rateWrites += 1;
    const held = this.items.counters.get(window.key) ?? 0;
    if (held + slots > window.share) return { claimed: false, held };
    this.items.counters.set(window.key, held + slots);
    return { claimed: true };
  }

  private fits(key: string, share: number, id: string): boolean {
    const members = this.items.sets.get(key);
    return members === undefined || members.size < share || members.has(id);
  }

  private members(key: string): Set<string> {
    let members = this.items.sets.get(key);
    if (members === undefined) this.items.sets.set(key, (members = new Set()));
    return members;
  }

  private async dropDead(key: string, alive: (id: string) => Promise<boolean>): Promise<boolean> {
    const now = this.clock();
    if (!this.pauses.due(key, now)) return false;
    const members = [...(this.items.sets.get(key) ?? [])];
    const dead = (await Promise.all(members.map(async (id) => ((await alive(id)) ? undefined : id)))).filter((id) => id !== undefined);
    for (const id of dead) this.items.sets.get(key)?.delete(id);
    this.pauses.record(key, dead.length > 0, now);
    return dead.length > 0;
  }
}
