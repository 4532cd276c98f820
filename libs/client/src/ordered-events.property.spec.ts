import fc from 'fast-check';
import { setup } from './test-support/harness';
import { TopicLog } from './test-support/topic-log';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/**
 * The client subscribes when the topic's head is `head`; events head+1..count then reach it in any order,
 * any number of times or not at all (with stale copies of older ones), the socket possibly dropping
 * midway, and the latest event last. The gap fetches and the re-subscribe must fill in the rest.
 */
const scenario = fc
  .integer({ min: 1, max: 40 })
  .chain((count) =>
    fc.record({
      count: fc.constant(count),
      arrivals: fc.array(fc.integer({ min: 1, max: count }), { maxLength: count * 3 }),
      dropAfter: fc.option(fc.nat({ max: count * 3 }), { nil: undefined }),
      head: fc.integer({ min: 0, max: count - 1 }),
    }),
  );

describe('StreamerClient.subscribe: exactly once, in order (property)', () => {
  it('delivers every event of any interleaving and duplication of a seq range once, in seq order', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ count, arrivals, dropAfter, head }) => {
        const { server, client, connect } = setup();
        const log = new TopicLog('news');
        log.publishThrough(head);
        server.onMessage(log.answer);
        await connect();
        const delivered: number[] = [];
        client.subscribe('news', (data) => delivered.push(data as number));
        await server.flush();
        log.publishThrough(count);
        for (const [index, seq] of arrivals.entries()) {
          if (index === dropAfter) server.last.drop();
          server.last.send(log.frame(seq));
          await jest.advanceTimersByTimeAsync(index % 7 === 0 ? 150 : 0);
        }
        // The latest event reaches the open socket at last: everything before it must be delivered too.
        await jest.advanceTimersByTimeAsync(150);
        server.last.send(log.frame(count));
        await jest.advanceTimersByTimeAsync(5_000);
        await client.close();
        const expected = Array.from({ length: count - head }, (_, i) => head + i + 1);
        expect(delivered).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});
