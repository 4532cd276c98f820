// Property: whatever is published by whom to what, a socket only ever receives pushes of its own
// tenant — topic events of topics it subscribed to (in its tenant), pushes to its user (in its
// tenant), to itself, or to its tenant — and each topic's seqs are 1, 2, 3… per tenant.
import fc from 'fast-check';
import { createPublisher } from './publish';
import { setup } from './test-support/manager-setup';

const tenants = ['t1', 't2', 't#1'] as const;
const users = ['u1', 'u2'] as const;
const topics = ['news', 'sport'] as const;

interface Socket {
  connectionId: string;
  tenantId: string;
  userId: string;
  topics: string[];
}

const socket = fc.record({
  tenantId: fc.constantFrom(...tenants),
  userId: fc.constantFrom(...users),
  topics: fc.subarray([...topics]),
});

const target = fc.oneof(
  fc.constantFrom(...topics).map((topic) => ({ topic })),
  fc.constantFrom(...users).map((userId) => ({ userId })),
  fc.nat({ max: 5 }).map((i) => ({ connectionId: `c${i}` })),
  fc.constant({ tenant: true as const }),
);

const publication = fc.record({ tenantId: fc.constantFrom(...tenants), target });

/** Whether `s` should receive a push of `tenantId` to `t`. */
function reaches(s: Socket, tenantId: string, t: Record<string, unknown>): boolean {
  if (s.tenantId !== tenantId) return false;
  if ('topic' in t) return s.topics.includes(t['topic'] as string);
  if ('userId' in t) return s.userId === t['userId'];
  if ('connectionId' in t) return s.connectionId === t['connectionId'];
  return true;
}

describe('publish: tenant isolation (property)', () => {
  it('delivers each push to exactly the sockets of its tenant it addresses, with per-tenant topic seqs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(socket, { minLength: 1, maxLength: 6 }), fc.array(publication, { maxLength: 12 }), async (specs, publications) => {
        const s = setup();
        const sockets: Socket[] = specs.map((spec, i) => ({ ...spec, connectionId: `c${i}` }));
        for (const so of sockets) {
          await s.connect(so.connectionId, { tenantId: so.tenantId, userId: so.userId });
          for (const topic of so.topics) await s.stores.subscriptions.add({ tenantId: so.tenantId, topic, connectionId: so.connectionId, userId: so.userId });
        }
        const publisher = createPublisher({ manager: s.manager, events: s.stores.events, connections: s.stores.connections });
        const expected = new Map<string, unknown[]>(sockets.map((so) => [so.connectionId, []]));
        const seqs = new Map<string, number>();
        for (const [n, { tenantId, target: t }] of publications.entries()) {
          const result = await publisher.publish(tenantId, t, { n });
          const reached = sockets.filter((so) => reaches(so, tenantId, t));
          expect(result).toMatchObject({ sent: reached.length, gone: 0, failed: 0 });
          if ('topic' in t) {
            const key = `${tenantId}/${t.topic}`;
            seqs.set(key, (seqs.get(key) ?? 0) + 1);
            expect(result.seq).toBe(seqs.get(key));
          } else expect(result.seq).toBeUndefined();
          for (const so of reached) expected.get(so.connectionId)?.push({ n });
        }
        for (const so of sockets) {
          expect(s.gateway.delivered(so.connectionId).map((frame) => (frame as { data: unknown }).data)).toEqual(expected.get(so.connectionId));
        }
        await s.manager.shutdown({ timeoutMs: 1000 });
      }),
      { numRuns: 100 },
    );
  });
});
