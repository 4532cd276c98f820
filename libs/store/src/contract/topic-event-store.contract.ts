// The TopicEventStore contract: every implementation must pass these assertions unchanged.
import { InvalidInputError } from '../errors';
import type { TopicEventStore } from '../model';
import { type StoreFactory, T0, uid } from './contract-support';

const DAY = 86_400;

export function describeTopicEventStoreContract(name: string, factory: StoreFactory<TopicEventStore>): void {
  describe(`TopicEventStore contract: ${name}`, () => {
    let store: TopicEventStore;

    beforeEach(async () => {
      store = await factory(() => T0);
    });

    const publish = (tenantId: string, topic: string, data: unknown, options: { now?: number; retentionSeconds?: number } = {}) =>
      store.append({ tenantId, topic, data, now: options.now ?? T0, retentionSeconds: options.retentionSeconds ?? DAY });

    it('numbers a topic from 1 and reads its events back in order, with the head', async () => {
      const tenantId = uid('t');
      expect(await store.read({ tenantId, topic: 'news', after: 0 })).toEqual({ events: [], head: 0, truncated: false });
      expect(await publish(tenantId, 'news', { n: 1 }, { now: T0 + 1 })).toEqual({ seq: 1, publishedAt: T0 + 1 });
      expect(await publish(tenantId, 'news', ['two', null, 2.5])).toEqual({ seq: 2, publishedAt: T0 });
      expect(await publish(tenantId, 'news', 'three')).toMatchObject({ seq: 3 });
      expect(await store.read({ tenantId, topic: 'news', after: 0 })).toEqual({
        events: [
          { seq: 1, publishedAt: T0 + 1, data: { n: 1 } },
          { seq: 2, publishedAt: T0, data: ['two', null, 2.5] },
          { seq: 3, publishedAt: T0, data: 'three' },
        ],
        head: 3,
        truncated: false,
      });
      expect(await store.read({ tenantId, topic: 'news', after: 2 })).toMatchObject({ events: [{ seq: 3 }], head: 3, truncated: false });
      expect(await store.read({ tenantId, topic: 'news', after: 3 })).toEqual({ events: [], head: 3, truncated: false });
      expect(await store.read({ tenantId, topic: 'news', after: 7 })).toEqual({ events: [], head: 3, truncated: false });
    });

    it('keeps tenants and topics apart, each with its own sequence', async () => {
      const [a, b] = [uid('a'), uid('b')];
      await publish(a, 'news', 'a1');
      await publish(a, 'news', 'a2');
      await publish(b, 'news', 'b1');
      await publish(a, 'sport', 's1');
      await publish(`${a}#news`, 'x', 'collide?');
      await publish(a, 'news#x', 'collide?');
      const data = async (tenantId: string, topic: string) => (await store.read({ tenantId, topic, after: 0 })).events.map((e) => [e.seq, e.data]);
      expect(await data(a, 'news')).toEqual([[1, 'a1'], [2, 'a2']]);
      expect(await data(b, 'news')).toEqual([[1, 'b1']]);
      expect(await data(a, 'sport')).toEqual([[1, 's1']]);
      expect(await data(`${a}#news`, 'x')).toEqual([[1, 'collide?']]);
    });

    it('gives concurrent publishers of one topic gap-free, distinct seqs', async () => {
      const tenantId = uid('t');
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => publish(tenantId, 'busy', { i })));
      expect(results.map((r) => r.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const { events, head } = await store.read({ tenantId, topic: 'busy', after: 0 });
      expect(head).toBe(8);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const bySeq = new Map(results.map((r, i) => [r.seq, { i }]));
      expect(events.map((e) => e.data)).toEqual(events.map((e) => bySeq.get(e.seq)));
    });

    it('reads at most `limit` events, and pages on from the last one', async () => {
      const tenantId = uid('t');
      for (let i = 1; i <= 5; i++) await publish(tenantId, 'paged', i);
      const first = await store.read({ tenantId, topic: 'paged', after: 0, limit: 2 });
      expect(first).toEqual({ events: [expect.objectContaining({ seq: 1 }), expect.objectContaining({ seq: 2 })], head: 5, truncated: false });
      const next = await store.read({ tenantId, topic: 'paged', after: 2, limit: 1000 });
      expect(next.events.map((e) => e.data)).toEqual([3, 4, 5]);
    });

    it('skips expired events (even if not deleted yet) and says the history is truncated', async () => {
      const tenantId = uid('t');
      await publish(tenantId, 'brief', 'old-1', { retentionSeconds: 60 });
      await publish(tenantId, 'brief', 'old-2', { retentionSeconds: 60 });
      await publish(tenantId, 'brief', 'kept', { retentionSeconds: DAY });
      const later = T0 + 120_000;
      expect(await store.read({ tenantId, topic: 'brief', after: 0, now: later })).toEqual({
        events: [{ seq: 3, publishedAt: T0, data: 'kept' }],
        head: 3,
        truncated: true,
      });
      expect(await store.read({ tenantId, topic: 'brief', after: 2, now: later })).toMatchObject({ truncated: false });
      expect(await store.read({ tenantId, topic: 'brief', after: 0, now: T0 + 30_000 })).toMatchObject({ truncated: false, head: 3 });
      const gone = await store.read({ tenantId, topic: 'brief', after: 0, now: T0 + 2 * DAY * 1000 });
      expect(gone).toEqual({ events: [], head: 3, truncated: true });
      expect(await publish(tenantId, 'brief', 'after expiry')).toMatchObject({ seq: 4 });
    });

    it('refuses bad arguments with InvalidInputError', async () => {
      const tenantId = uid('t');
      const bad = [
        () => store.read({ tenantId, topic: 'news', after: -1 }),
        () => store.read({ tenantId, topic: 'news', after: 1.5 }),
        () => store.read({ tenantId, topic: 'news', after: 0, limit: 1001 }),
        () => store.read({ tenantId: '', topic: 'news', after: 0 }),
        () => store.append({ tenantId, topic: 'news', data: 1, retentionSeconds: 0 }),
        () => store.append({ tenantId, topic: '', data: 1, retentionSeconds: DAY }),
        () => store.append({ tenantId, topic: 'news', data: undefined, retentionSeconds: DAY }),
      ];
      for (const call of bad) await expect(call()).rejects.toBeInstanceOf(InvalidInputError);
      expect(await store.read({ tenantId, topic: 'news', after: 0 })).toEqual({ events: [], head: 0, truncated: false });
    });
  });
}
