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
  QUOTA_ALLOWED,
  type QuotaLimits,
  type QuotaStore,
  rateShare,
  tenantRateKey,
  userJobsKey,
} from '../quotas';
import type { InMemoryConnectionStore } from './in-memory-connection-store';
import type { InMemoryStoreOptions } from './in-memory-options';
import type { InMemoryRequestStore } from './in-memory-request-store';

/**
 * In-memory QuotaStore with the DynamoDB one's semantics: the check and the take of a place happen in
 * one synchronous step (no await between them), so concurrent calls never exceed a limit; a refused
 * take first drops the members whose connection or request is no longer alive, as the DynamoDB store does.
 */
export class InMemoryQuotaStore implements QuotaStore {
  private readonly sets = new Map<string, Set<string>>();
  private readonly counters = new Map<string, number>();
  private readonly pauses = new HealPauses();
  private readonly clock: () => number;

  constructor(
    private readonly connections: InMemoryConnectionStore,
    private readonly requests: InMemoryRequestStore,
    options: InMemoryStoreOptions = {},
    private readonly random: () => number = Math.random,
  ) {
    this.clock = options.clock ?? Date.now;
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
    for (const take of connectionTakes(connection, limits)) this.sets.get(take.key)?.delete(connection.connectionId);
  }

  async takeTenantRate(tenantId: string, limits: QuotaLimits, now: number = this.clock()): Promise<TokenDecision> {
    const limit = limits.requestsPerSecondPerTenant;
    if (limit <= 0) return QUOTA_ALLOWED;
    const { second, shard, share, retryAfterMs } = rateShare(limit, now, this.random());
    const key = tenantRateKey(tenantId, second, shard);
    const taken = this.counters.get(key) ?? 0;
    if (taken >= share) return { allowed: false, retryAfterMs };
    this.counters.set(key, taken + 1);
    return QUOTA_ALLOWED;
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
          this.sets.get(key)?.delete(request.requestId);
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
    this.sets.get(userJobsKey(job.tenantId, job.userId))?.delete(job.requestId);
  }

  /** How many places a quota item holds (for tests): the members of a set, or a window's count. */
  held(key: string): number {
    return this.sets.get(key)?.size ?? this.counters.get(key) ?? 0;
  }

  private fits(key: string, share: number, id: string): boolean {
    const members = this.sets.get(key);
    return members === undefined || members.size < share || members.has(id);
  }

  private members(key: string): Set<string> {
    let members = this.sets.get(key);
    if (members === undefined) this.sets.set(key, (members = new Set()));
    return members;
  }

  private async dropDead(key: string, alive: (id: string) => Promise<boolean>): Promise<boolean> {
    const now = this.clock();
    if (!this.pauses.due(key, now)) return false;
    const members = [...(this.sets.get(key) ?? [])];
    const dead = (await Promise.all(members.map(async (id) => ((await alive(id)) ? undefined : id)))).filter((id) => id !== undefined);
    for (const id of dead) this.sets.get(key)?.delete(id);
    this.pauses.record(key, dead.length > 0, now);
    return dead.length > 0;
  }
}
