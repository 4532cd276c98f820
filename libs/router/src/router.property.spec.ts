// Whatever arrives on the socket, `route` resolves (never throws) and the caller gets exactly one reply.
import fc from 'fast-check';
import { createFixture } from './test-support/fixture';

const actions = fc.constantFrom('ping', 'subscribe', 'unsubscribe', 'status', 'cancel', 'echo', 'report', 'queued', 'boom', 'nope', '');
const ids = fc.oneof(fc.constantFrom('c-1', 'x'.repeat(129), ''), fc.string({ maxLength: 20 }), fc.integer(), fc.constant(null));
const payloads = fc.oneof(
  fc.constant(undefined),
  fc.record({ topic: fc.string({ maxLength: 140 }) }, { requiredKeys: [] }),
  fc.record({ requestId: fc.string({ maxLength: 30 }) }, { requiredKeys: [] }),
  fc.record({ text: fc.string(), repeat: fc.integer(), recordCount: fc.oneof(fc.integer(), fc.string()) }, { requiredKeys: [] }),
  fc.jsonValue({ maxDepth: 3 }),
);
const shaped = fc.record({ id: ids, action: actions, payload: payloads }, { requiredKeys: [] }).map((m) => JSON.stringify(m));
const bodies = fc.oneof(
  shaped,
  fc.json({ maxDepth: 4 }),
  fc.string({ maxLength: 200 }),
  fc.constant('{"id":"c-1","action":"__proto__","payload":{"__proto__":{"x":1}}}'),
  fc.constant(undefined),
);
const frames = fc.record({ body: bodies, isBase64Encoded: fc.boolean(), known: fc.boolean() });

describe('router property', () => {
  it('never throws and answers every frame with exactly one reply to the caller', async () => {
    const f = createFixture({ router: { rateLimit: { ratePerSecond: 1_000, burst: 1_000_000 } } });
    const conn = await f.connect();
    await fc.assert(
      fc.asyncProperty(frames, async ({ body, isBase64Encoded, known }) => {
        f.sender.clear();
        const connectionId = known ? conn.connectionId : 'unknown-connection';
        const encoded = isBase64Encoded && body !== undefined ? Buffer.from(body).toString('base64') : body;
        const outcome = await f.route({ connectionId, body: encoded, isBase64Encoded });
        expect(f.sender.sent).toEqual([{ connectionId, message: outcome.reply, verified: true }]);
        expect(outcome.delivered).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
