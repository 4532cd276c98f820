// Property: on any sequence of adds, byTopic(tenant, topic) returns exactly the subscriptions added
// for that tenant and topic: never one of another tenant, whatever the ids contain ("#", "%", …).
import fc from 'fast-check';
import { collect } from '../contract/contract-support';
import { InMemorySubscriptionStore } from './in-memory-subscription-store';

const part = fc.constantFrom('a', 'b', 'a#b', 'b#', '#', '%23', 'news', 'news#x', 'a%');
const subscription = fc.record({ tenantId: part, topic: part, connectionId: fc.constantFrom('c1', 'c2', 'c3') });

describe('subscriptions: tenant isolation (property)', () => {
  it('byTopic never mixes tenants or topics', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(subscription, { maxLength: 30 }), async (adds) => {
        const store = new InMemorySubscriptionStore({ clock: () => 0 });
        for (const add of adds) await store.add({ ...add, userId: 'u' });
        for (const { tenantId, topic } of adds) {
          const expected = new Set(adds.filter((a) => a.tenantId === tenantId && a.topic === topic).map((a) => a.connectionId));
          const found = await collect(store.byTopic(tenantId, topic));
          expect(found.every((s) => s.tenantId === tenantId && s.topic === topic)).toBe(true);
          expect(new Set(found.map((s) => s.connectionId))).toEqual(expected);
          expect(found).toHaveLength(expected.size);
        }
      }),
      { numRuns: 200 },
    );
  });
});
