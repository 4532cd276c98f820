// The ConnectionStore contract: every implementation must pass these assertions unchanged.
import { InvalidInputError, InvalidPageTokenError, ItemNotFoundError } from '../errors';
import type { ConnectionRecord, ConnectionStore, TokenBucket } from '../model';
import { connectedShardOf } from '../tables';
import { collect, connection, inBatches, manualClock, type StoreFactory, T0, uid } from './contract-support';

export function describeConnectionStoreContract(name: string, factory: StoreFactory<ConnectionStore>): void {
  describe(`ConnectionStore contract: ${name}`, () => {
    const time = manualClock();
    let store: ConnectionStore;

    beforeEach(async () => {
      time.set(T0);
      store = await factory(time.clock);
    });

    it('stores, reads, touches and deletes a connection', async () => {
      const record = connection({ connectionId: uid('c') });
      await store.put(record);
      expect(await store.get(record.connectionId)).toEqual(record);
      await store.touch(record.connectionId, T0 + 5_000);
      expect((await store.get(record.connectionId))?.lastActiveAt).toBe(T0 + 5_000);
      time.advance(9_000);
      await store.touch(record.connectionId);
      expect((await store.get(record.connectionId))?.lastActiveAt).toBe(T0 + 9_000);
      await store.delete(record.connectionId);
      expect(await store.get(record.connectionId)).toBeUndefined();
      await expect(store.delete(record.connectionId)).resolves.toBeUndefined();
    });

    it('ignores touch of an unknown connection without creating it', async () => {
      const id = uid('missing');
      await store.touch(id, T0);
      expect(await store.get(id)).toBeUndefined();
    });

    it('marks a connection disconnected once, with a short audit ttl', async () => {
      const record = connection({ connectionId: uid('c') });
      await store.put(record);
      const first = await store.markDisconnected(record.connectionId, { at: T0 + 1_000 });
      expect(first).toEqual({ connection: { ...record, status: 'DISCONNECTED', disconnectedAt: T0 + 1_000, ttl: expect.any(Number) }, topics: [] });
      expect(first?.connection.ttl).toBeLessThan(record.ttl);
      expect(first?.connection.ttl).toBeGreaterThan(Math.floor((T0 + 1_000) / 1000));
      expect(await store.get(record.connectionId)).toEqual(first?.connection);
      const again = await store.markDisconnected(record.connectionId, { at: T0 + 50_000, ttl: 1 });
      expect(again).toEqual(first);
      expect(await store.markDisconnected(uid('missing'))).toBeUndefined();
    });

    it('marks a connection disconnected only if it stayed inactive, when asked (ifInactiveSince)', async () => {
      const record = connection({ connectionId: uid('c'), lastActiveAt: T0 - 7_200_000 });
      await store.put(record);
      const cutoff = T0 - 3_600_000;
      await store.touch(record.connectionId, T0 - 60_000); // a frame arrived after the stale scan
      expect(await store.markDisconnected(record.connectionId, { at: T0, ifInactiveSince: cutoff })).toBeUndefined();
      expect(await store.get(record.connectionId)).toMatchObject({ status: 'CONNECTED', lastActiveAt: T0 - 60_000 });
      expect(await store.markDisconnected(record.connectionId, { at: T0, ifInactiveSince: T0 - 60_000 })).toBeUndefined();
      const marked = await store.markDisconnected(record.connectionId, { at: T0, ifInactiveSince: T0 - 59_999 });
      expect(marked?.connection).toMatchObject({ status: 'DISCONNECTED', disconnectedAt: T0 });
      expect(await store.markDisconnected(record.connectionId, { at: T0 + 1, ifInactiveSince: T0 })).toEqual(marked);
      expect(await store.markDisconnected(uid('missing'), { ifInactiveSince: T0 })).toBeUndefined();
    });

    it('honours an explicit audit ttl', async () => {
      const record = connection({ connectionId: uid('c') });
      await store.put(record);
      const ttl = Math.floor(T0 / 1000) + 120;
      expect((await store.markDisconnected(record.connectionId, { ttl }))?.connection).toMatchObject({ ttl, disconnectedAt: T0 });
    });

    it('updates the status of a known connection and refuses an unknown one', async () => {
      const record = connection({ connectionId: uid('c') });
      await store.put(record);
      expect(await store.updateStatus(record.connectionId, 'DISCONNECTED')).toEqual({ ...record, status: 'DISCONNECTED' });
      expect((await store.get(record.connectionId))?.status).toBe('DISCONNECTED');
      await expect(store.updateStatus(uid('missing'), 'CONNECTED')).rejects.toBeInstanceOf(ItemNotFoundError);
    });

    it('lists only CONNECTED connections of a user and of a tenant', async () => {
      const userId = uid('u');
      const tenantId = uid('t');
      const open = connection({ connectionId: uid('open'), userId, tenantId });
      const gone = connection({ connectionId: uid('gone'), userId, tenantId, status: 'DISCONNECTED' });
      const otherUser = connection({ connectionId: uid('other'), userId: uid('u'), tenantId });
      await Promise.all([open, gone, otherUser].map((c) => store.put(c)));
      expect(await collect(store.byUser(userId))).toEqual([open]);
      const tenantIds = (await collect(store.byTenant(tenantId))).map((c) => c.connectionId).sort();
      expect(tenantIds).toEqual([open.connectionId, otherUser.connectionId].sort());
    });

    it('lists whole records by user and by tenant: the last touch shows, the rate-limit state never does', async () => {
      const [userId, tenantId] = [uid('u'), uid('t')];
      const record = connection({ connectionId: uid('c'), userId, tenantId, disconnectedAt: T0 - 5 });
      await store.put(record);
      await store.admit(record.connectionId, { ratePerSecond: 1, burst: 1 }, T0);
      await store.touch(record.connectionId, T0 + 60_000);
      const expected = { ...record, lastActiveAt: T0 + 60_000 };
      expect(await collect(store.byUser(userId))).toEqual([expected]);
      expect(await collect(store.byTenant(tenantId))).toEqual([expected]);
    });

    it('scopes a user to a tenant when asked: the same sub in another tenant is another user', async () => {
      const userId = uid('u');
      const [a, b] = [uid('ta'), uid('tb')];
      const inA = connection({ connectionId: uid('a'), userId, tenantId: a });
      const inB = connection({ connectionId: uid('b'), userId, tenantId: b });
      await Promise.all([inA, inB].map((c) => store.put(c)));
      expect(await collect(store.byUser(userId, { tenantId: a }))).toEqual([inA]);
      expect(await collect(store.byUser(userId, { tenantId: b, pageSize: 1 }))).toEqual([inB]);
      expect(await collect(store.byUser(userId, { tenantId: uid('none') }))).toEqual([]);
      expect((await collect(store.byUser(userId))).map((c) => c.tenantId).sort()).toEqual([a, b].sort());
    });

    it('pages through 250 connections of a tenant with page size 25, each once', async () => {
      const tenantId = uid('t');
      const ids = Array.from({ length: 250 }, (_, i) => `${tenantId}-c${i}`);
      await inBatches(ids, 25, (connectionId) => store.put(connection({ connectionId, tenantId, userId: tenantId })));
      const seen = (await collect(store.byTenant(tenantId, { pageSize: 25 }))).map((c) => c.connectionId);
      expect(seen).toHaveLength(250);
      expect(new Set(seen)).toEqual(new Set(ids));
      const byUser = await collect(store.byUser(tenantId, { pageSize: 25 }));
      expect(byUser).toHaveLength(250);
    });

    it('reads broadcast recipients as pages of ids: every CONNECTED one of the tenant (or user) once', async () => {
      const tenantId = uid('t');
      const ids = Array.from({ length: 60 }, (_, i) => `${tenantId}-c${i}`);
      const userOf = (connectionId: string) => (Number(connectionId.slice(connectionId.lastIndexOf('c') + 1)) % 2 === 0 ? 'even' : 'odd');
      await inBatches(ids, 25, (connectionId) => store.put(connection({ connectionId, tenantId, userId: userOf(connectionId) })));
      await store.put(connection({ connectionId: `${tenantId}-gone`, tenantId, userId: 'even', status: 'DISCONNECTED' }));
      await store.put(connection({ connectionId: uid('other-tenant'), tenantId: uid('t'), userId: 'even' }));
      const pages = await collect(store.connectedIds({ tenantId }, { pageSize: 25 }));
      expect(pages.map((page) => page.length)).toEqual(expect.arrayContaining([25]));
      expect(pages.every((page) => page.length <= 25)).toBe(true);
      expect(pages.flat().sort()).toEqual([...ids].sort());
      expect((await collect(store.connectedIds({ tenantId }))).flat()).toHaveLength(60);
      const even = (await collect(store.connectedIds({ tenantId, userId: 'even' }, { pageSize: 7 }))).flat();
      expect(even.sort()).toEqual(ids.filter((_, i) => i % 2 === 0).sort());
      expect((await collect(store.connectedIds({ tenantId: uid('none') }))).flat()).toEqual([]);
      expect(() => store.connectedIds({ tenantId }, { pageSize: 0 })).toThrow(InvalidInputError);
    });

    it('lists CONNECTED connections in pages with validated tokens', async () => {
      const prefix = uid('p');
      const open = Array.from({ length: 17 }, (_, i) => connection({ connectionId: `${prefix}-${i}` }));
      const gone = connection({ connectionId: `${prefix}-gone`, status: 'DISCONNECTED' });
      await Promise.all([...open, gone].map((c) => store.put(c)));
      const seen = await allPages(store, 5);
      const ours = seen.filter((id) => id.startsWith(prefix));
      expect(ours.sort()).toEqual(open.map((c) => c.connectionId).sort());
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('rejects forged, tampered and garbage page tokens and out-of-range limits', async () => {
      const prefix = uid('p');
      await Promise.all([0, 1, 2].map((i) => store.put(connection({ connectionId: `${prefix}-${i}` }))));
      const { nextToken } = await store.page({ limit: 1 });
      expect(nextToken).toEqual(expect.any(String));
      const token = nextToken ?? '';
      const forged = Buffer.from(JSON.stringify({ v: 1, k: { connectionId: 'x' } })).toString('base64url');
      const tampered = `${token.slice(0, 3)}${token[3] === 'A' ? 'B' : 'A'}${token.slice(4)}`;
      for (const bad of ['garbage', '', forged, `${forged}.AAAA`, tampered, `${token}.x`]) {
        await expect(store.page({ limit: 5, nextToken: bad })).rejects.toBeInstanceOf(InvalidPageTokenError);
      }
      for (const limit of [0, 1001, 2.5]) {
        await expect(store.page({ limit })).rejects.toBeInstanceOf(InvalidInputError);
      }
    });

    it('walks every CONNECTED connection once by activity, page by page from a cursor, never a DISCONNECTED one', async () => {
      const prefix = uid('w');
      const connected = Array.from({ length: 23 }, (_, i) => connection({ connectionId: `${prefix}-c${i}`, lastActiveAt: T0 - ((i * 7_919) % 50) * 60_000 }));
      const gone = connection({ connectionId: `${prefix}-gone`, status: 'DISCONNECTED' });
      const ended = connection({ connectionId: `${prefix}-ended` });
      const parked = connection({ connectionId: `${prefix}-parked` });
      const back = connection({ connectionId: `${prefix}-back`, status: 'DISCONNECTED' });
      await Promise.all([...connected, gone, ended, parked, back].map((c) => store.put(c)));
      await store.markDisconnected(ended.connectionId);
      await store.updateStatus(parked.connectionId, 'DISCONNECTED');
      await store.updateStatus(back.connectionId, 'CONNECTED');

      const seen: { connectionId: string; lastActiveAt: number; tenantId: string }[] = [];
      let page = await store.activityPage({ limit: 4 });
      for (let pages = 1; ; pages++) {
        expect(page.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.items.filter((e) => e.connectionId.startsWith(prefix)));
        if (page.next === undefined || pages > 1_000) break;
        page = await store.activityPage({ after: page.next, limit: 4 });
      }
      const expected = [...connected, back].map((c) => ({ connectionId: c.connectionId, lastActiveAt: c.lastActiveAt, tenantId: c.tenantId }));
      expect([...seen].sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1))).toEqual(expected.sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1)));
      // Within a shard, least recently active first.
      const byShard = new Map<number, number[]>();
      for (const e of seen) byShard.set(connectedShardOf(e.connectionId), [...(byShard.get(connectedShardOf(e.connectionId)) ?? []), e.lastActiveAt]);
      for (const times of byShard.values()) expect(times).toEqual([...times].sort((a, b) => a - b));
      await expect(store.activityPage({ limit: 0 })).rejects.toBeInstanceOf(InvalidInputError);
    });

    it('keeps the cleanup cursor until it is cleared', async () => {
      await store.saveCleanupCursor(undefined);
      expect(await store.loadCleanupCursor()).toBeUndefined();
      const cursor = { shard: 3, last: { connectionId: uid('c'), lastActiveAt: T0 - 5_000 } };
      await store.saveCleanupCursor(cursor);
      expect(await store.loadCleanupCursor()).toEqual(cursor);
      await store.saveCleanupCursor({ shard: 5 });
      expect(await store.loadCleanupCursor()).toEqual({ shard: 5 });
      await store.saveCleanupCursor(undefined);
      expect(await store.loadCleanupCursor()).toBeUndefined();
      expect(await store.get('cleanup#cursor')).toBeUndefined();
    });

    const take = async (connectionId: string, bucket: TokenBucket, at?: number) => (await store.admit(connectionId, bucket, at)).decision;

    it('takes tokens from a bucket: burst, refusal with retry hint, refill over time', async () => {
      const record = connection({ connectionId: uid('b') });
      await store.put(record);
      const bucket = { ratePerSecond: 2, burst: 3 };
      const takeAt = (at: number) => take(record.connectionId, bucket, at);
      for (let i = 0; i < 3; i++) expect(await takeAt(T0)).toEqual({ allowed: true, retryAfterMs: 0 });
      expect(await takeAt(T0)).toEqual({ allowed: false, retryAfterMs: 500 });
      expect(await takeAt(T0 + 200)).toEqual({ allowed: false, retryAfterMs: 300 });
      expect((await takeAt(T0 + 500)).allowed).toBe(true);
      expect((await takeAt(T0 + 500)).allowed).toBe(false);
      time.set(T0 + 60_000);
      const refilled = await Promise.all([1, 2, 3, 4].map(() => take(record.connectionId, bucket)));
      expect(refilled.filter((d) => d.allowed)).toHaveLength(3);
      expect(await store.get(record.connectionId)).toEqual(record);
    });

    it('gives a burst of concurrent takes exactly `burst` tokens, however they interleave', async () => {
      const record = connection({ connectionId: uid('burst') });
      await store.put(record);
      const bucket = { ratePerSecond: 20, burst: 40 };
      const decisions = await Promise.all(Array.from({ length: 45 }, () => take(record.connectionId, bucket, T0)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(40);
      expect(decisions.filter((d) => !d.allowed)).toEqual(Array.from({ length: 5 }, () => ({ allowed: false, retryAfterMs: 50 })));
      expect(await take(record.connectionId, bucket, T0 + 50)).toEqual({ allowed: true, retryAfterMs: 0 });
    });

    it('starts a fresh bucket when the connection is put again', async () => {
      const record = connection({ connectionId: uid('reset') });
      await store.put(record);
      const bucket = { ratePerSecond: 1, burst: 1 };
      expect((await take(record.connectionId, bucket, T0)).allowed).toBe(true);
      expect(await take(record.connectionId, bucket, T0)).toEqual({ allowed: false, retryAfterMs: 1000 });
      await store.put(record);
      expect((await take(record.connectionId, bucket, T0)).allowed).toBe(true);
    });

    it('returns the CONNECTED connection with its token, whichever of a bucket\'s states it meets', async () => {
      const record = connection({ connectionId: uid('admit'), userId: 'ada', tenantId: 'acme' });
      await store.put(record);
      const bucket = { ratePerSecond: 10, burst: 2 };
      for (const at of [T0, T0, T0, T0 + 1_000, T0 + 1_001]) {
        expect((await store.admit(record.connectionId, bucket, at)).connection).toEqual(record);
      }
    });

    it('returns the token expiry stored at $connect with the admission (no second read)', async () => {
      const record = connection({ connectionId: uid('expiry'), tokenExpiresAt: T0 + 60_000 });
      await store.put(record);
      expect((await store.admit(record.connectionId, { ratePerSecond: 1, burst: 1 }, T0)).connection).toEqual(record);
      expect(await store.get(record.connectionId)).toEqual(record);
    });

    it('takes no token from a connection that is not CONNECTED and says so with its record', async () => {
      const record = connection({ connectionId: uid('closed') });
      await store.put(record);
      const bucket = { ratePerSecond: 1, burst: 1 };
      const marked = await store.markDisconnected(record.connectionId, { at: T0 });
      expect(await store.admit(record.connectionId, bucket, T0)).toEqual({ connection: marked?.connection, decision: { allowed: false, retryAfterMs: 0 } });
      await store.updateStatus(record.connectionId, 'CONNECTED');
      expect((await take(record.connectionId, bucket, T0)).allowed).toBe(true);
    });

    it('refuses a token for an unknown connection', async () => {
      await expect(store.admit(uid('missing'), { ratePerSecond: 1, burst: 1 }, T0)).rejects.toBeInstanceOf(ItemNotFoundError);
    });
  });
}

async function allPages(store: ConnectionStore, limit: number): Promise<string[]> {
  const seen: string[] = [];
  let nextToken: string | undefined;
  do {
    const page: { items: ConnectionRecord[]; nextToken?: string } = await store.page({ limit, nextToken });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    expect(page.items.every((c) => c.status === 'CONNECTED')).toBe(true);
    seen.push(...page.items.map((c) => c.connectionId));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return seen;
}
