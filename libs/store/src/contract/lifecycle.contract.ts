// The connection lifecycle contract: retire and the touch policy, over each store implementation.
import { DISCONNECTED_AUDIT_TTL_SECONDS } from '../records';
import { ConnectionLifecycle } from '../lifecycle';
import type { ConnectionStore, SubscriptionStore } from '../model';
import { collect, connection, manualClock, type StoreFactory, T0, uid } from './contract-support';

export interface LifecycleContractStores {
  connections: ConnectionStore;
  subscriptions: SubscriptionStore;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;

export function describeLifecycleContract(name: string, factory: StoreFactory<LifecycleContractStores>): void {
  describe(`ConnectionLifecycle contract: ${name}`, () => {
    const time = manualClock();
    let stores: LifecycleContractStores;
    let lifecycle: ConnectionLifecycle;

    beforeEach(async () => {
      time.set(T0);
      stores = await factory(time.clock);
      lifecycle = new ConnectionLifecycle(stores);
    });

    async function connectedWithTopics(overrides: { lastActiveAt?: number } = {}): Promise<{ connectionId: string; tenantId: string }> {
      const connectionId = uid('c');
      const tenantId = uid('t');
      await stores.connections.put(connection({ connectionId, tenantId, ...overrides }));
      for (const topic of ['news', 'reports']) await stores.subscriptions.add({ tenantId, topic, connectionId, userId: 'user-1' });
      await stores.subscriptions.add({ tenantId, topic: 'news', connectionId: `${connectionId}-other`, userId: 'user-2' });
      return { connectionId, tenantId };
    }

    const members = async (tenantId: string, topic: string) => (await collect(stores.subscriptions.byTopic(tenantId, topic))).map((s) => s.connectionId);

    it('retires a connection: DISCONNECTED at `at`, audit TTL of one hour after it', async () => {
      const { connectionId } = await connectedWithTopics();
      const at = T0 + 1_500;
      const { connection: retired } = await lifecycle.retire(connectionId, { at });
      const expected = { status: 'DISCONNECTED', disconnectedAt: at, ttl: Math.floor(at / 1000) + DISCONNECTED_AUDIT_TTL_SECONDS };
      expect(retired).toMatchObject(expected);
      expect(await stores.connections.get(connectionId)).toMatchObject(expected);
      expect(DISCONNECTED_AUDIT_TTL_SECONDS).toBe(3600);
    });

    it('takes another audit TTL when the lifecycle is built with one', async () => {
      const { connectionId } = await connectedWithTopics();
      const retired = await new ConnectionLifecycle(stores, { disconnectedTtlSeconds: 900 }).retire(connectionId, { at: T0 });
      expect(retired.connection?.ttl).toBe(Math.floor(T0 / 1000) + 900);
    });

    it('drops the connection’s subscriptions, and only those', async () => {
      const { connectionId, tenantId } = await connectedWithTopics();
      expect(await lifecycle.retire(connectionId, { at: T0 })).toMatchObject({ subscriptionsRemoved: 2 });
      expect(await members(tenantId, 'news')).toEqual([`${connectionId}-other`]);
      expect(await members(tenantId, 'reports')).toEqual([]);
    });

    it('drops exactly the topics the connection is still subscribed to (subscribe and unsubscribe keep its item\'s list)', async () => {
      const { connectionId, tenantId } = await connectedWithTopics();
      await stores.subscriptions.remove(tenantId, 'reports', connectionId);
      await stores.subscriptions.add({ tenantId, topic: 'alerts', connectionId, userId: 'user-1' });
      expect(await lifecycle.retire(connectionId, { at: T0 })).toMatchObject({ subscriptionsRemoved: 2 });
      expect(await members(tenantId, 'news')).toEqual([`${connectionId}-other`]);
      expect(await members(tenantId, 'alerts')).toEqual([]);
    });

    it('drops the subscriptions of a connection an admin already set DISCONNECTED', async () => {
      const { connectionId, tenantId } = await connectedWithTopics();
      await stores.connections.updateStatus(connectionId, 'DISCONNECTED');
      expect(await lifecycle.retire(connectionId, { at: T0 })).toMatchObject({ connection: { status: 'DISCONNECTED' }, subscriptionsRemoved: 2 });
      expect(await members(tenantId, 'reports')).toEqual([]);
    });

    it('retires a connection that never subscribed, removing nothing', async () => {
      const connectionId = uid('c');
      await stores.connections.put(connection({ connectionId }));
      expect(await lifecycle.retire(connectionId, { at: T0 })).toMatchObject({ connection: { status: 'DISCONNECTED' }, subscriptionsRemoved: 0 });
    });

    it('is idempotent: a second retire keeps the first record and removes nothing more', async () => {
      const { connectionId } = await connectedWithTopics();
      const first = await lifecycle.retire(connectionId, { at: T0 });
      const again = await lifecycle.retire(connectionId, { at: T0 + HOUR });
      expect(again).toEqual({ connection: first.connection, subscriptionsRemoved: 0 });
      expect(await stores.connections.get(connectionId)).toEqual(first.connection);
    });

    it('answers an unknown connection with no record, still dropping subscriptions left behind', async () => {
      const connectionId = uid('gone');
      const tenantId = uid('t');
      await stores.subscriptions.add({ tenantId, topic: 'news', connectionId, userId: 'user-1' });
      expect(await lifecycle.retire(connectionId, { at: T0 })).toEqual({ connection: undefined, subscriptionsRemoved: 1 });
      expect(await stores.connections.get(connectionId)).toBeUndefined();
    });

    it('with ifInactiveSince, leaves a connection active since then alone, subscriptions included', async () => {
      const { connectionId, tenantId } = await connectedWithTopics({ lastActiveAt: T0 - 2 * HOUR });
      const cutoff = T0 - HOUR;
      await stores.connections.touch(connectionId, T0 - MINUTE); // a frame arrived after the stale scan
      expect(await lifecycle.retire(connectionId, { at: T0, ifInactiveSince: cutoff })).toEqual({ connection: undefined, subscriptionsRemoved: 0 });
      expect(await stores.connections.get(connectionId)).toMatchObject({ status: 'CONNECTED', lastActiveAt: T0 - MINUTE });
      expect(await members(tenantId, 'reports')).toEqual([connectionId]);
      expect((await lifecycle.retire(connectionId, { at: T0, ifInactiveSince: T0 - MINUTE })).connection).toBeUndefined();
    });

    it('with ifInactiveSince, retires a connection inactive since before then', async () => {
      const { connectionId, tenantId } = await connectedWithTopics({ lastActiveAt: T0 - 2 * HOUR });
      const retired = await lifecycle.retire(connectionId, { at: T0, ifInactiveSince: T0 - HOUR });
      expect(retired).toMatchObject({ connection: { status: 'DISCONNECTED', disconnectedAt: T0 }, subscriptionsRemoved: 2 });
      expect(await members(tenantId, 'reports')).toEqual([]);
      expect(await lifecycle.retire(uid('missing'), { at: T0, ifInactiveSince: T0 })).toEqual({ connection: undefined, subscriptionsRemoved: 0 });
    });

    it('touches lastActiveAt at most once a minute', async () => {
      const connectionId = uid('c');
      await stores.connections.put(connection({ connectionId, lastActiveAt: T0 }));
      expect(await lifecycle.touch(connectionId, { at: T0 + MINUTE - 1, lastActiveAt: T0 })).toBe(false);
      expect((await stores.connections.get(connectionId))?.lastActiveAt).toBe(T0);
      expect(await lifecycle.touch(connectionId, { at: T0 + MINUTE, lastActiveAt: T0 })).toBe(true);
      expect((await stores.connections.get(connectionId))?.lastActiveAt).toBe(T0 + MINUTE);
      expect(await lifecycle.touch(connectionId, { at: T0 + MINUTE + 5 })).toBe(true); // last activity unknown: due
      expect((await stores.connections.get(connectionId))?.lastActiveAt).toBe(T0 + MINUTE + 5);
      expect(lifecycle.touchDue(T0, T0 + MINUTE - 1)).toBe(false);
      expect(lifecycle.touchDue(T0, T0 + MINUTE)).toBe(true);
    });

    it('touches an unknown connection without creating it', async () => {
      const connectionId = uid('missing');
      expect(await lifecycle.touch(connectionId, { at: T0 })).toBe(true);
      expect(await stores.connections.get(connectionId)).toBeUndefined();
    });
  });
}
