// The QuotaStore contract: connection, rate and job quotas, their release through the lifecycle, the
// self-healing of places a crashed release left behind, exactness under concurrent takes, and the
// tenant rate's claims across execution environments (never beyond the limit, few writes per frame).
import fc from 'fast-check';
import { ConnectionLifecycle } from '../lifecycle';
import type { ConnectionStore, NewRequest, RequestStore, SubscriptionStore } from '../model';
import type { TokenDecision } from '../model';
import { HEAL_PAUSE_MS, JOB_RETRY_AFTER_MS, type QuotaLimits, type QuotaStore, RATE_SHARD_CAPACITY, shardCount } from '../quotas';
import { claimCap } from '../rate-claims';
import { collect, connection, manualClock, type StoreFactory, T0, uid } from './contract-support';

export interface QuotaContractStores {
  connections: ConnectionStore;
  requests: RequestStore;
  subscriptions: SubscriptionStore;
  quotas: QuotaStore;
  /** Another execution environment's quota store over the same tables: its own tenant rate claims. */
  environment(): Pick<QuotaStore, 'takeTenantRate'>;
  /** Writes sent so far to tenant rate counters (tests read the difference around rate takes only). */
  rateWrites(): number;
}

const OFF: QuotaLimits = { connectionsPerUser: 0, connectionsPerTenant: 0, requestsPerSecondPerTenant: 0, jobsPerUser: 0 };

/** `frames` takes one after another (an environment serves one invocation at a time). */
async function frames(quotas: Pick<QuotaStore, 'takeTenantRate'>, tenantId: string, limits: QuotaLimits, count: number): Promise<TokenDecision[]> {
  const decisions: TokenDecision[] = [];
  for (let i = 0; i < count; i += 1) decisions.push(await quotas.takeTenantRate(tenantId, limits));
  return decisions;
}

const admitted = (decisions: readonly TokenDecision[]): number => decisions.filter((decision) => decision.allowed).length;

function job(tenantId: string, userId: string, clientId = uid('c')): NewRequest {
  return { requestId: uid('r'), connectionId: 'conn-1', userId, tenantId, clientId, action: 'generate_report', payload: {} };
}

/** `property.numRuns`: how many random cases the concurrency property tries (fewer on DynamoDB; the rate claims property half as many). */
export function describeQuotaStoreContract(name: string, factory: StoreFactory<QuotaContractStores>, property = { numRuns: 25 }): void {
  describe(`QuotaStore contract: ${name}`, () => {
    const time = manualClock();
    let stores: QuotaContractStores;
    let tenantId: string;

    beforeEach(async () => {
      time.set(T0);
      stores = await factory(time.clock);
      tenantId = uid('t');
    });

    const admit = (userId: string, limits: QuotaLimits, connectionId = uid('c')) =>
      stores.quotas.admitConnection(connection({ connectionId, userId, tenantId }), limits);

    it('admits a user up to its connection limit, then refuses with the reason and stores nothing', async () => {
      const limits = { ...OFF, connectionsPerUser: 2 };
      expect(await admit('u1', limits)).toEqual({ admitted: true });
      expect(await admit('u1', limits)).toEqual({ admitted: true });
      const refusedId = uid('c');
      expect(await admit('u1', limits, refusedId)).toEqual({ admitted: false, reason: 'user-connections' });
      expect(await stores.connections.get(refusedId)).toBeUndefined();
      expect(await admit('u2', limits)).toEqual({ admitted: true });
    });

    it('stores an admitted connection as put does: on the activity walk the cleanup reads', async () => {
      const counted = uid('c');
      const uncounted = uid('c');
      await admit('u1', { ...OFF, connectionsPerUser: 2 }, counted);
      await admit('u1', OFF, uncounted);
      const walked = new Set<string>();
      let page = await stores.connections.activityPage({ limit: 1000 });
      for (let pages = 0; pages < 100; pages += 1) {
        page.items.forEach((entry) => walked.add(entry.connectionId));
        if (page.next === undefined) break;
        page = await stores.connections.activityPage({ after: page.next, limit: 1000 });
      }
      expect([walked.has(counted), walked.has(uncounted)]).toEqual([true, true]);
    });

    it('counts a tenant across its users; limits of 0 store the connection without counting', async () => {
      const limits = { ...OFF, connectionsPerTenant: 2 };
      await admit('u1', limits);
      await admit('u2', limits);
      expect(await admit('u3', limits)).toEqual({ admitted: false, reason: 'tenant-connections' });
      const free = uid('c');
      expect(await admit('u3', OFF, free)).toEqual({ admitted: true });
      expect((await stores.connections.get(free))?.status).toBe('CONNECTED');
    });

    it('releases a place when the lifecycle retires the connection, idempotently', async () => {
      const limits = { ...OFF, connectionsPerUser: 1, connectionsPerTenant: 5 };
      const lifecycle = new ConnectionLifecycle({ ...stores, quotaRelease: { store: stores.quotas, policy: () => limits } });
      const first = uid('c');
      await admit('u1', limits, first);
      await lifecycle.retire(first, { at: T0 + 1000 });
      await lifecycle.retire(first, { at: T0 + 2000 });
      // Put back as CONNECTED: a place still held would now count as alive, so only a release admits the next.
      await stores.connections.put(connection({ connectionId: first, userId: 'u1', tenantId }));
      expect(await admit('u1', limits)).toEqual({ admitted: true });
    });

    it('heals: a place whose connection ended without a release is dropped by the next refused take', async () => {
      const limits = { ...OFF, connectionsPerUser: 1 };
      const crashed = uid('c');
      await admit('u1', limits, crashed);
      await stores.connections.markDisconnected(crashed, { at: T0 + 1000 });
      expect(await admit('u1', limits)).toEqual({ admitted: true });
      await stores.connections.delete(crashed);
      expect(await admit('u1', limits)).toEqual({ admitted: false, reason: 'user-connections' });
    });

    it('limits a tenant per one-second window and says how long until the next', async () => {
      const limits = { ...OFF, requestsPerSecondPerTenant: 3 };
      const now = T0 + 250;
      for (let i = 0; i < 3; i += 1) expect(await stores.quotas.takeTenantRate(tenantId, limits, now)).toEqual({ allowed: true, retryAfterMs: 0 });
      expect(await stores.quotas.takeTenantRate(tenantId, limits, now + 100)).toEqual({ allowed: false, retryAfterMs: 650 });
      expect((await stores.quotas.takeTenantRate(uid('t'), limits, now)).allowed).toBe(true);
      expect((await stores.quotas.takeTenantRate(tenantId, limits, T0 + 1000)).allowed).toBe(true);
    });

    it('claims a burst of one second on one environment in doubling batches: far fewer writes than frames', async () => {
      const limits = { ...OFF, requestsPerSecondPerTenant: 2_000 }; // 4 shards of 500, batches up to 16
      time.set(T0 + 100);
      const before = stores.rateWrites();
      // 400 frames claim at most 415 slots: no shard can fill, whichever shards the claims pick.
      expect(admitted(await frames(stores.quotas, tenantId, limits, 400))).toBe(400);
      // Claims of 1, 2, 4 and 8 slots (15 frames), then 16 at a time: 4 + ceil(385 / 16) writes.
      expect(stores.rateWrites() - before).toBe(29);
    });

    it('starts each second fresh: the first frame claims 1 slot, and slots left in the last second are not used', async () => {
      const limits = { ...OFF, requestsPerSecondPerTenant: 2_000 };
      time.set(T0 + 900);
      const before = stores.rateWrites();
      expect(admitted(await frames(stores.quotas, tenantId, limits, 4))).toBe(4); // claims 1, 2 and 4: 3 slots left
      expect(stores.rateWrites() - before).toBe(3);
      time.set(T0 + 1_000);
      await frames(stores.quotas, tenantId, limits, 1);
      expect(stores.rateWrites() - before).toBe(4); // a write, not a left slot
      expect(admitted(await frames(stores.quotas, tenantId, limits, 2))).toBe(2); // a claim of 2, then its second slot
      expect(stores.rateWrites() - before).toBe(5);
    });

    it('falls back to the slots left when a claim would pass the limit: the last slots are admitted, none beyond', async () => {
      const limits = { ...OFF, requestsPerSecondPerTenant: 200 }; // one shard, batches up to 4
      time.set(T0 + 300);
      const other = stores.environment();
      // Claims of 1, 2, 4, then 47 of 4: 195 slots, all used.
      expect(admitted(await frames(other, tenantId, limits, 195))).toBe(195);
      const before = stores.rateWrites();
      // Claims of 1 and 2 (198), then 4 is refused with 2 left and 2 are claimed instead; the 6th frame is refused.
      const decisions = await frames(stores.quotas, tenantId, limits, 6);
      expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false]);
      expect(decisions[5]).toEqual({ allowed: false, retryAfterMs: 700 });
      expect(stores.rateWrites() - before).toBe(1 + 1 + 2 + 1);
      expect((await other.takeTenantRate(tenantId, limits)).allowed).toBe(false);
    });

    it('keeps a limit below 100/s exactly as one write per frame: exactly the limit admitted across environments', async () => {
      const limits = { ...OFF, requestsPerSecondPerTenant: 6 };
      time.set(T0 + 250);
      const environments = [stores.quotas, stores.environment(), stores.environment()];
      const before = stores.rateWrites();
      const decisions = (await Promise.all(environments.map((quotas) => frames(quotas, tenantId, limits, 4)))).flat();
      expect(admitted(decisions)).toBe(6);
      expect(decisions.filter((decision) => !decision.allowed)).toEqual(Array.from({ length: 6 }, () => ({ allowed: false, retryAfterMs: 750 })));
      expect(stores.rateWrites() - before).toBe(12);
    });

    it('never admits more than the tenant\'s limit in a second across environments; one shard leaves at most cap - 1 slots unused per environment', async () => {
      let second = 0;
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 4 }), async (limit, count) => {
          const tenant = uid('t');
          const limits = { ...OFF, requestsPerSecondPerTenant: limit };
          const cap = claimCap(limit);
          second += 1;
          time.set(T0 + second * 1_000 + 500);
          const environments = [stores.quotas, ...Array.from({ length: count - 1 }, () => stores.environment())];
          // Enough frames that the window fills: more than the limit plus every environment's unused slots.
          const each = Math.ceil(limit / count) + cap;
          const decisions = (await Promise.all(environments.map((quotas) => frames(quotas, tenant, limits, each)))).flat();
          expect(admitted(decisions)).toBeLessThanOrEqual(limit);
          if (shardCount(limit, RATE_SHARD_CAPACITY) === 1) expect(admitted(decisions)).toBeGreaterThanOrEqual(limit - count * (cap - 1));
        }),
        { numRuns: Math.ceil(property.numRuns / 2) },
      );
    });

    it('limits a user\'s queued and processing jobs; a terminal or released job frees its place', async () => {
      const limits = { ...OFF, jobsPerUser: 2 };
      const [a, b, c] = [job(tenantId, 'u1'), job(tenantId, 'u1'), job(tenantId, 'u1')];
      expect(await stores.quotas.enqueue(a, limits)).toMatchObject({ admitted: true, created: true });
      expect(await stores.quotas.enqueue(b, limits)).toMatchObject({ admitted: true, created: true });
      expect(await stores.quotas.enqueue(c, limits)).toEqual({ admitted: false, retryAfterMs: JOB_RETRY_AFTER_MS });
      expect(await stores.requests.get(c.requestId)).toBeUndefined();
      // The same client id again is the first request's answer, not a new place.
      expect(await stores.quotas.enqueue({ ...a, requestId: uid('r') }, limits)).toMatchObject({ admitted: true, created: false, request: { requestId: a.requestId } });
      expect((await stores.quotas.enqueue(job(tenantId, 'u2'), limits)).admitted).toBe(true);
      await stores.requests.cancel(a.requestId); // terminal, never released: healed
      // c's refusal found every member alive: the set is not verified again for HEAL_PAUSE_MS.
      expect((await stores.quotas.enqueue(c, limits)).admitted).toBe(false);
      time.advance(HEAL_PAUSE_MS);
      expect((await stores.quotas.enqueue(c, limits)).admitted).toBe(true);
      await stores.quotas.releaseJob(b);
      await stores.quotas.releaseJob(b);
      expect((await stores.quotas.enqueue(job(tenantId, 'u1'), limits)).admitted).toBe(true);
      expect((await stores.quotas.enqueue(job(tenantId, 'u1'), limits)).admitted).toBe(false);
    });

    it('never admits more than the limit under concurrent takes, and exactly the limit when enough try', async () => {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), async (perUser, attempts, perJobs) => {
          const tenant = uid('t');
          const limits = { ...OFF, connectionsPerUser: perUser, jobsPerUser: perJobs };
          const ids = Array.from({ length: attempts }, () => uid('c'));
          const admitted = await Promise.all(ids.map((connectionId) => stores.quotas.admitConnection(connection({ connectionId, userId: 'u', tenantId: tenant }), limits)));
          const stored = await collect(stores.connections.byUser('u', { tenantId: tenant }));
          expect(admitted.filter((a) => a.admitted)).toHaveLength(Math.min(perUser, attempts));
          expect(stored).toHaveLength(Math.min(perUser, attempts));
          const jobs = await Promise.all(ids.map(() => stores.quotas.enqueue(job(tenant, 'u'), limits)));
          expect(jobs.filter((j) => j.admitted)).toHaveLength(Math.min(perJobs, attempts));
        }),
        { numRuns: property.numRuns },
      );
    });
  });
}
