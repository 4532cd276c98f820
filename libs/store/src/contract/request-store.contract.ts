// The RequestStore contract: every implementation must pass these assertions unchanged.
import { REQUEST_TTL_SECONDS } from '../records';
import { ConditionConflictError, InvalidInputError, ItemNotFoundError } from '../errors';
import type { NewRequest, RequestStore } from '../model';
import { collect, manualClock, type StoreFactory, T0, uid } from './contract-support';

const boom = { code: 'INTERNAL_ERROR', message: 'boom', retryable: true };

function newRequest(overrides: Partial<NewRequest> = {}): NewRequest {
  return {
    requestId: uid('r'),
    connectionId: 'conn-1',
    userId: uid('u'),
    tenantId: 'tenant-1',
    clientId: 'c-42',
    action: 'generate_report',
    payload: { recordCount: 5000, nested: { ok: true } },
    ...overrides,
  };
}

export function describeRequestStoreContract(name: string, factory: StoreFactory<RequestStore>): void {
  describe(`RequestStore contract: ${name}`, () => {
    const time = manualClock();
    let store: RequestStore;

    beforeEach(async () => {
      time.set(T0);
      store = await factory(time.clock);
    });

    async function processing(leaseMs = 30_000): Promise<string> {
      const { request } = await store.create(newRequest());
      await store.claim(request.requestId, { leaseMs });
      return request.requestId;
    }

    async function expectConflict(promise: Promise<unknown>, requestId: string, currentStatus: string): Promise<void> {
      const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(ConditionConflictError);
      expect(error).toMatchObject({ requestId, currentStatus });
    }

    it('creates a queued request and reads it back', async () => {
      const input = newRequest();
      const { request, created } = await store.create(input);
      expect(created).toBe(true);
      const { now: _now, ttl: _ttl, ...fields } = input;
      expect(request).toEqual({
        ...fields,
        status: 'queued',
        progress: 0,
        attempts: 0,
        createdAt: T0,
        updatedAt: T0,
        ttl: Math.floor(T0 / 1000) + REQUEST_TTL_SECONDS,
      });
      expect(await store.get(input.requestId)).toEqual(request);
      expect(await store.get(uid('missing'))).toBeUndefined();
    });

    it('is idempotent on (tenantId, userId, clientId) and scoped to the user', async () => {
      const first = await store.create(newRequest({ now: T0 + 5, ttl: Math.floor(T0 / 1000) + 999 }));
      const retry = await store.create(newRequest({ userId: first.request.userId, requestId: uid('r2') }));
      expect(retry).toEqual({ request: first.request, created: false });
      expect(retry.request).toMatchObject({ createdAt: T0 + 5, ttl: Math.floor(T0 / 1000) + 999 });
      const otherUser = await store.create(newRequest({ clientId: first.request.clientId }));
      expect(otherUser.created).toBe(true);
      expect(otherUser.request.requestId).not.toBe(first.request.requestId);
      const otherClientId = await store.create(newRequest({ userId: first.request.userId, clientId: 'c-43' }));
      expect(otherClientId.created).toBe(true);
    });

    it('keeps the same user id in another tenant apart: its request is created, never answered with the first', async () => {
      const userId = uid('u');
      const first = await store.create(newRequest({ userId, tenantId: 'tenant-a' }));
      const sameSubOtherTenant = await store.create(newRequest({ userId, tenantId: 'tenant-b', requestId: uid('r2') }));
      expect(sameSubOtherTenant.created).toBe(true);
      expect(sameSubOtherTenant.request).toMatchObject({ tenantId: 'tenant-b', userId });
      expect(sameSubOtherTenant.request.requestId).not.toBe(first.request.requestId);
      // Values holding the separator cannot collide either: tenant "a#b" + user "c" is not tenant "a" + user "b#c".
      const hashA = await store.create(newRequest({ tenantId: 'a#b', userId: 'c', clientId: 'c-9' }));
      const hashB = await store.create(newRequest({ tenantId: 'a', userId: 'b#c', clientId: 'c-9' }));
      expect([hashA.created, hashB.created]).toEqual([true, true]);
      const again = await store.create(newRequest({ userId, tenantId: 'tenant-b', requestId: uid('r3') }));
      expect(again).toEqual({ request: sameSubOtherTenant.request, created: false });
    });

    it('creates a new request once the first one with the same client id has expired', async () => {
      const first = await store.create(newRequest({ ttl: Math.floor(T0 / 1000) + 60 }));
      time.advance(61_000);
      const later = await store.create(newRequest({ userId: first.request.userId }));
      expect(later.created).toBe(true);
      expect(later.request.requestId).not.toBe(first.request.requestId);
      time.advance(1_000);
      expect((await store.create(newRequest({ userId: first.request.userId }))).request.requestId).toBe(later.request.requestId);
    });

    it('refuses a second request with an existing requestId', async () => {
      const { request } = await store.create(newRequest());
      const duplicate = store.create(newRequest({ requestId: request.requestId }));
      await expectConflict(duplicate, request.requestId, 'queued');
    });

    it('transitions conditionally on the current status', async () => {
      const { request } = await store.create(newRequest());
      time.advance(1_000);
      const moved = await store.transition(request.requestId, ['queued'], 'processing', { progressMessage: 'starting' });
      expect(moved).toMatchObject({ status: 'processing', progressMessage: 'starting', updatedAt: T0 + 1_000 });
      await expectConflict(store.transition(request.requestId, ['queued'], 'processing'), request.requestId, 'processing');
      await expect(store.transition(uid('missing'), ['queued'], 'processing')).rejects.toBeInstanceOf(ItemNotFoundError);
    });

    it('claims with a lease: a second claim conflicts until the lease expires', async () => {
      const { request } = await store.create(newRequest());
      const claimed = await store.claim(request.requestId, { leaseMs: 30_000, now: T0 + 10 });
      expect(claimed).toMatchObject({ status: 'processing', attempts: 1, leaseExpiresAt: T0 + 30_010, updatedAt: T0 + 10 });
      await expectConflict(store.claim(request.requestId, { leaseMs: 30_000, now: T0 + 20_000 }), request.requestId, 'processing');
      time.set(T0 + 40_000);
      const reclaimed = await store.claim(request.requestId, { leaseMs: 30_000 });
      expect(reclaimed).toMatchObject({ status: 'processing', attempts: 2, leaseExpiresAt: T0 + 70_000 });
      await expect(store.claim(uid('missing'), { leaseMs: 1 })).rejects.toBeInstanceOf(ItemNotFoundError);
    });

    it('applies progress monotonically and only while processing', async () => {
      const { request } = await store.create(newRequest());
      expect(await store.updateProgress(request.requestId, 0.1)).toBe(false);
      await store.claim(request.requestId, { leaseMs: 30_000 });
      expect(await store.updateProgress(request.requestId, 0.5, 'half')).toBe(true);
      expect(await store.updateProgress(request.requestId, 0.3, 'back')).toBe(false);
      expect(await store.get(request.requestId)).toMatchObject({ progress: 0.5, progressMessage: 'half' });
      expect(await store.updateProgress(request.requestId, 0.5, 'still half')).toBe(true);
      expect(await store.updateProgress(request.requestId, 0.75)).toBe(true);
      expect(await store.get(request.requestId)).toMatchObject({ progress: 0.75, progressMessage: 'still half' });
      await store.complete(request.requestId, { url: 'https://x' });
      expect(await store.updateProgress(request.requestId, 1)).toBe(false);
      expect(await store.updateProgress(uid('missing'), 1)).toBe(false);
      await expect(store.updateProgress(request.requestId, 1.5)).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('completes once, keeping the result and dropping the lease', async () => {
      const requestId = await processing();
      const done = await store.complete(requestId, { url: 'https://x', rows: [1, 2] });
      expect(done).toMatchObject({ status: 'completed', result: { url: 'https://x', rows: [1, 2] } });
      expect(done.leaseExpiresAt).toBeUndefined();
      expect(await store.get(requestId)).toEqual(done);
      await expectConflict(store.complete(requestId, {}), requestId, 'completed');
      await expectConflict(store.fail(requestId, boom), requestId, 'completed');
    });

    it('fails a processing request with a stored error', async () => {
      const requestId = await processing();
      expect(await store.fail(requestId, boom)).toMatchObject({ status: 'failed', error: boom });
    });

    it('cancels queued or processing requests but not terminal ones', async () => {
      const { request } = await store.create(newRequest());
      expect((await store.cancel(request.requestId)).status).toBe('cancelled');
      await expectConflict(store.cancel(request.requestId), request.requestId, 'cancelled');
      const running = await processing();
      expect((await store.cancel(running)).status).toBe('cancelled');
      await expectConflict(store.claim(running, { leaseMs: 1 }), running, 'cancelled');
    });

    it('requeues a processing request for a retry, keeping the error as lastError', async () => {
      const requestId = await processing();
      await store.updateProgress(requestId, 0.4);
      const queued = await store.requeue(requestId, boom);
      expect(queued).toMatchObject({ status: 'queued', lastError: boom, attempts: 1, progress: 0.4 });
      expect(queued.leaseExpiresAt).toBeUndefined();
      await expectConflict(store.requeue(requestId, boom), requestId, 'queued');
      expect(await store.claim(requestId, { leaseMs: 1_000 })).toMatchObject({ attempts: 2, status: 'processing' });
    });

    it('recovers an expired lease only when it is still the lease that was read', async () => {
      const requestId = await processing(1_000);
      const lease = (await store.get(requestId))?.leaseExpiresAt as number;
      const timeout = { code: 'TIMEOUT', message: 'lease expired', retryable: true };
      // Still running: the lease has not ended yet.
      await expectConflict(store.recoverLease(requestId, { leaseExpiresAt: lease, now: lease }, timeout), requestId, 'processing');
      // Taken over by another claim since it was read: the new run's lease is not the one read.
      const renewed = await store.claim(requestId, { leaseMs: 60_000, now: lease + 1 });
      await expectConflict(store.recoverLease(requestId, { leaseExpiresAt: lease, now: lease + 2 }, timeout), requestId, 'processing');
      const recovered = await store.recoverLease(requestId, { leaseExpiresAt: renewed.leaseExpiresAt as number, now: lease + 60_002 }, timeout);
      expect(recovered).toMatchObject({ status: 'queued', attempts: 2, lastError: timeout });
      expect(recovered.leaseExpiresAt).toBeUndefined();
      await expectConflict(store.recoverLease(requestId, { leaseExpiresAt: lease, now: lease + 60_003 }, timeout), requestId, 'queued');
      const done = await processing(1_000);
      const doneLease = (await store.get(done))?.leaseExpiresAt as number;
      await store.complete(done, { ok: true });
      await expectConflict(store.recoverLease(done, { leaseExpiresAt: doneLease, now: doneLease + 1 }, timeout), done, 'completed');
    });

    it('reattaches a pending request to another connection of the same user only', async () => {
      const { request } = await store.create(newRequest());
      const moved = await store.reattach(request.requestId, 'conn-after-reconnect', request.userId);
      expect(moved).toMatchObject({ connectionId: 'conn-after-reconnect', status: 'queued' });
      expect(await store.get(request.requestId)).toMatchObject({ connectionId: 'conn-after-reconnect' });
      await expectConflict(store.reattach(request.requestId, 'conn-x', 'someone-else'), request.requestId, 'queued');
      expect(await store.get(request.requestId)).toMatchObject({ connectionId: 'conn-after-reconnect' });
      await store.cancel(request.requestId);
      await expectConflict(store.reattach(request.requestId, 'conn-y', request.userId), request.requestId, 'cancelled');
    });

    it('lists the requests of a connection page by page', async () => {
      const connectionId = uid('conn');
      const ids = Array.from({ length: 12 }, (_, i) => `${connectionId}-r${i}`);
      await Promise.all(ids.map((requestId, i) => store.create(newRequest({ requestId, connectionId, clientId: `c-${i}` }))));
      const listed = await collect(store.byConnection(connectionId, { pageSize: 5 }));
      expect(listed.map((r) => r.requestId).sort()).toEqual([...ids].sort());
      expect(listed.every((r) => r.status === 'queued' && r.connectionId === connectionId)).toBe(true);
    });

    it('finds re-queued requests whose retry has waited since before a time', async () => {
      const stalled = await processing();
      await store.requeue(stalled, boom);
      const fresh = await processing();
      time.advance(60_000);
      await store.requeue(fresh, boom);
      const neverRan = (await store.create(newRequest())).request.requestId;
      const running = await processing();
      const ours = [stalled, fresh, neverRan, running];
      const found = async (before: number) =>
        (await collect(store.stalledRetries(before, { pageSize: 2 }))).map((r) => r.requestId).filter((id) => ours.includes(id));
      expect(await found(T0 + 30_000)).toEqual([stalled]);
      expect((await found(T0 + 60_001)).sort()).toEqual([stalled, fresh].sort());
      expect(await found(T0)).toEqual([]);
    });

    it('finds processing requests whose lease has expired', async () => {
      const short = await processing(1_000);
      const long = await processing(60_000);
      const queued = (await store.create(newRequest())).request.requestId;
      const found = await collect(store.expiredLeases(T0 + 5_000, { pageSize: 3 }));
      const ours = found.map((r) => r.requestId).filter((id) => [short, long, queued].includes(id));
      expect(ours).toEqual([short]);
    });
  });
}
