// The QuotaStore contract: connection, rate and job quotas, their release through the lifecycle, the
// self-healing of places a crashed release left behind, and exactness under concurrent takes.
import fc from 'fast-check';
import { ConnectionLifecycle } from '../lifecycle';
import type { ConnectionStore, NewRequest, RequestStore, SubscriptionStore } from '../model';
import { HEAL_PAUSE_MS, JOB_RETRY_AFTER_MS, type QuotaLimits, type QuotaStore } from '../quotas';
import { collect, connection, manualClock, type StoreFactory, T0, uid } from './contract-support';

export interface QuotaContractStores {
  connections: ConnectionStore;
  requests: RequestStore;
  subscriptions: SubscriptionStore;
  quotas: QuotaStore;
}

const OFF: QuotaLimits = { connectionsPerUser: 0, connectionsPerTenant: 0, requestsPerSecondPerTenant: 0, jobsPerUser: 0 };

function job(tenantId: string, userId: string, clientId = uid('c')): NewRequest {
  return { requestId: uid('r'), connectionId: 'conn-1', userId, tenantId, clientId, action: 'generate_report', payload: {} };
}

/** `property.numRuns`: how many random cases the concurrency property tries (fewer on DynamoDB). */
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
