// The SubscriptionStore contract: every implementation must pass these assertions unchanged.
import { SUBSCRIPTION_TTL_SECONDS } from '../records';
import type { SubscriptionStore } from '../model';
import { collect, manualClock, type StoreFactory, T0, uid } from './contract-support';

const FAR_TTL = Math.floor(T0 / 1000) + 999;

export function describeSubscriptionStoreContract(name: string, factory: StoreFactory<SubscriptionStore>): void {
  describe(`SubscriptionStore contract: ${name}`, () => {
    const time = manualClock();
    let store: SubscriptionStore;

    beforeEach(async () => {
      time.set(T0);
      store = await factory(time.clock);
    });

    const ids = (records: { connectionId: string }[]) => records.map((r) => r.connectionId).sort();

    it('adds subscriptions idempotently and lists a topic', async () => {
      const tenantId = uid('t');
      await store.add({ tenantId, topic: 'news', connectionId: 'c1', userId: 'u1' });
      await store.add({ tenantId, topic: 'news', connectionId: 'c1', userId: 'u1' });
      await store.add({ tenantId, topic: 'news', connectionId: 'c2', userId: 'u2', now: T0 + 1, ttl: FAR_TTL });
      const listed = await collect(store.byTopic(tenantId, 'news'));
      expect(listed.sort((a, b) => a.connectionId.localeCompare(b.connectionId))).toEqual([
        { tenantId, topic: 'news', connectionId: 'c1', userId: 'u1', createdAt: T0, ttl: Math.floor(T0 / 1000) + SUBSCRIPTION_TTL_SECONDS },
        { tenantId, topic: 'news', connectionId: 'c2', userId: 'u2', createdAt: T0 + 1, ttl: FAR_TTL },
      ]);
    });

    it('never mixes the same topic name across tenants', async () => {
      const [a, b] = [uid('a'), uid('b')];
      await store.add({ tenantId: a, topic: 'news', connectionId: 'ca', userId: 'u' });
      await store.add({ tenantId: b, topic: 'news', connectionId: 'cb', userId: 'u' });
      await store.add({ tenantId: `${a}#news`, topic: 'x', connectionId: 'cx', userId: 'u' });
      await store.add({ tenantId: a, topic: 'news#x', connectionId: 'cy', userId: 'u' });
      expect(ids(await collect(store.byTopic(a, 'news')))).toEqual(['ca']);
      expect(ids(await collect(store.byTopic(b, 'news')))).toEqual(['cb']);
      expect(ids(await collect(store.byTopic(`${a}#news`, 'x')))).toEqual(['cx']);
      expect(ids(await collect(store.byTopic(a, 'news#x')))).toEqual(['cy']);
      await store.remove(b, 'news', 'ca');
      expect(ids(await collect(store.byTopic(a, 'news')))).toEqual(['ca']);
    });

    it('removes one subscription', async () => {
      const tenantId = uid('t');
      await store.add({ tenantId, topic: 'news', connectionId: 'c1', userId: 'u1' });
      await store.add({ tenantId, topic: 'news', connectionId: 'c2', userId: 'u2' });
      await store.remove(tenantId, 'news', 'c1');
      await store.remove(tenantId, 'news', 'c-unknown');
      expect(ids(await collect(store.byTopic(tenantId, 'news')))).toEqual(['c2']);
    });

    it('pages through the subscribers of a topic', async () => {
      const tenantId = uid('t');
      const members = Array.from({ length: 7 }, (_, i) => `c${i}`);
      await Promise.all(members.map((connectionId) => store.add({ tenantId, topic: 'big', connectionId, userId: 'u' })));
      expect(ids(await collect(store.byTopic(tenantId, 'big', { pageSize: 2 })))).toEqual(members);
    });

    it('reads the subscribers of a topic as pages of connection ids, within the tenant', async () => {
      const tenantId = uid('t');
      const members = Array.from({ length: 7 }, (_, i) => `c${i}`);
      await Promise.all(members.map((connectionId) => store.add({ tenantId, topic: 'big', connectionId, userId: 'u' })));
      await store.add({ tenantId: uid('t'), topic: 'big', connectionId: 'foreign', userId: 'u' });
      const pages = await collect(store.subscriberIds(tenantId, 'big', { pageSize: 3 }));
      expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(members);
      expect((await collect(store.subscriberIds(tenantId, 'big'))).flat()).toEqual(members);
      expect((await collect(store.subscriberIds(tenantId, 'none'))).flat()).toEqual([]);
    });

    it('removes every subscription of a connection and counts them', async () => {
      const tenantId = uid('t');
      const connectionId = uid('c');
      const topics = Array.from({ length: 30 }, (_, i) => `topic-${i}`);
      await Promise.all(topics.map((topic) => store.add({ tenantId, topic, connectionId, userId: 'u' })));
      await store.add({ tenantId, topic: 'topic-0', connectionId: 'bystander', userId: 'u' });
      expect(await store.removeAllForConnection(connectionId)).toBe(30);
      expect(await store.removeAllForConnection(connectionId)).toBe(0);
      expect(ids(await collect(store.byTopic(tenantId, 'topic-0')))).toEqual(['bystander']);
      expect(await collect(store.byTopic(tenantId, 'topic-29'))).toEqual([]);
    });

    it('removes a connection\'s subscriptions to the given topics of its tenant only', async () => {
      const [tenantId, other] = [uid('t'), uid('t')];
      const connectionId = uid('c');
      const topics = Array.from({ length: 27 }, (_, i) => `topic-${i}`);
      await Promise.all([...topics, 'kept'].map((topic) => store.add({ tenantId, topic, connectionId, userId: 'u' })));
      await store.add({ tenantId: other, topic: 'topic-0', connectionId, userId: 'u' });
      await store.add({ tenantId, topic: 'topic-0', connectionId: 'bystander', userId: 'u' });
      expect(await store.removeTopics(tenantId, connectionId, topics)).toBe(27);
      expect(ids(await collect(store.byTopic(tenantId, 'topic-0')))).toEqual(['bystander']);
      expect(await collect(store.byTopic(tenantId, 'topic-26'))).toEqual([]);
      expect(ids(await collect(store.byTopic(tenantId, 'kept')))).toEqual([connectionId]);
      expect(ids(await collect(store.byTopic(other, 'topic-0')))).toEqual([connectionId]);
      expect(await store.removeTopics(tenantId, connectionId, [])).toBe(0);
    });
  });
}
