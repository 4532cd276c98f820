import { error, event, result, type SubscribePayload } from '@streamer/protocol';
import { type EventMeta } from './events';
import { type SubscribeOptions } from './topics';
import { setup } from './test-support/harness';
import { publishedAt, TopicLog } from './test-support/topic-log';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

const GAP_MS = 1_000;

/** A client subscribed to `news`, served by a `TopicLog`; `seqs()` lists what its handler was given. */
async function subscribed(options: SubscribeOptions = {}, log = new TopicLog('news')) {
  const harness = setup();
  harness.server.onMessage(log.answer);
  await harness.connect();
  const calls: [unknown, EventMeta][] = [];
  const unsubscribe = harness.client.subscribe('news', (data, meta) => calls.push([data, meta]), options);
  await harness.server.flush();
  const send = async (...seqs: number[]): Promise<void> => {
    for (const seq of seqs) harness.server.last.send(log.frame(seq));
    await harness.server.flush();
  };
  const seqs = (): (number | undefined)[] => calls.map(([, meta]) => meta.seq);
  const sinces = (): (number | undefined)[] => harness.server.messages('subscribe').map((m) => (m.payload as SubscribePayload).since);
  return { ...harness, log, calls, seqs, send, sinces, unsubscribe };
}

async function reconnect(server: ReturnType<typeof setup>['server']): Promise<void> {
  server.last.drop();
  await server.flush();
  await jest.advanceTimersByTimeAsync(100);
}

describe('StreamerClient.subscribe: ordered topic events', () => {
  it('delivers topic events in seq order with their topic, seq and publishedAt', async () => {
    const { log, calls, send, events } = await subscribed();
    log.publishThrough(2);
    await send(1, 2);
    expect(calls).toEqual([
      [1, { topic: 'news', seq: 1, publishedAt: publishedAt(1) }],
      [2, { topic: 'news', seq: 2, publishedAt: publishedAt(2) }],
    ]);
    expect(events.filter(([name]) => name === 'event').map(([, payload]) => payload)).toEqual([
      { topic: 'news', seq: 1, publishedAt: publishedAt(1), data: 1 },
      { topic: 'news', seq: 2, publishedAt: publishedAt(2), data: 2 },
    ]);
  });

  it('drops duplicates', async () => {
    const { log, seqs, send } = await subscribed();
    log.publishThrough(3);
    await send(1, 2, 2, 1, 3, 3);
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('buffers out-of-order arrivals and delivers the run once the missing event arrives', async () => {
    const { log, seqs, send, sinces } = await subscribed();
    log.publishThrough(4);
    await send(3, 4, 2);
    expect(seqs()).toEqual([]);
    await send(1);
    expect(seqs()).toEqual([1, 2, 3, 4]);
    await jest.advanceTimersByTimeAsync(GAP_MS * 5);
    expect(sinces()).toEqual([undefined]);
  });

  it('fetches a gap that stays open for gapTimeoutMs with subscribe {since: last delivered}', async () => {
    const { log, seqs, send, sinces } = await subscribed();
    log.publishThrough(3);
    await send(1, 3);
    expect(seqs()).toEqual([1]);
    await jest.advanceTimersByTimeAsync(GAP_MS - 1);
    expect(sinces()).toEqual([undefined]);
    await jest.advanceTimersByTimeAsync(1);
    expect(sinces()).toEqual([undefined, 1]);
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('takes gapTimeoutMs from the options, and times a gap from the position it opened at', async () => {
    const harness = setup({ gapTimeoutMs: 200 });
    const log = new TopicLog('news');
    harness.server.onMessage(log.answer);
    await harness.connect();
    const seen: number[] = [];
    harness.client.subscribe('news', (_, meta) => seen.push(meta.seq as number));
    await harness.server.flush();
    log.publishThrough(5);
    harness.server.last.send(log.frame(2));
    harness.server.last.send(log.frame(4));
    await jest.advanceTimersByTimeAsync(150);
    harness.server.last.send(log.frame(1));
    await harness.server.flush();
    await jest.advanceTimersByTimeAsync(199);
    expect(harness.server.messages('subscribe')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect((harness.server.messages('subscribe')[1]?.payload as SubscribePayload).since).toBe(2);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
  });

  it('starts from the seq the result reports: earlier events are history, later ones arrive even before the result', async () => {
    const harness = setup();
    const log = new TopicLog('news');
    log.publishThrough(6);
    harness.server.onMessage((message, connection) => {
      // Publishes racing the subscribe: 5 (before the head was read) and 6 (after) reach the socket first.
      connection.send(log.frame(5));
      connection.send(log.frame(6));
      connection.send(result(message.id, { topic: 'news', subscribed: true, seq: 5 }));
    });
    await harness.connect();
    const seen: number[] = [];
    harness.client.subscribe('news', (_, meta) => seen.push(meta.seq as number));
    await harness.server.flush();
    log.publishThrough(7);
    harness.server.last.send(log.frame(7));
    await harness.server.flush();
    expect(seen).toEqual([6, 7]);
  });

  it('forgets the history that raced the first result, so a later truncation is measured from the position', async () => {
    const harness = setup();
    const log = new TopicLog('news');
    log.publishThrough(5);
    harness.server.onMessage((message, connection) => {
      if ((message.payload as SubscribePayload).since === undefined) connection.send(log.frame(5));
      log.answer(message, connection);
    });
    await harness.connect();
    const truncations: unknown[] = [];
    const seen: number[] = [];
    harness.client.subscribe('news', (_, meta) => seen.push(meta.seq as number), { onTruncated: (range) => truncations.push(range) });
    await harness.server.flush();
    log.publishThrough(6);
    harness.server.last.send(log.frame(6));
    await harness.server.flush();
    harness.server.last.drop();
    await harness.server.flush();
    log.publishThrough(12);
    log.expireThrough(9);
    await jest.advanceTimersByTimeAsync(100);
    expect(truncations).toEqual([{ topic: 'news', from: 7, to: 9 }]);
    expect(seen).toEqual([6, 10, 11, 12]);
  });

  it('resumes after the since the app gives: the retained events after it first', async () => {
    const log = new TopicLog('news');
    log.publishThrough(5);
    const { seqs, sinces } = await subscribed({ since: 2 }, log);
    expect(sinces()).toEqual([2]);
    expect(seqs()).toEqual([3, 4, 5]);
  });

  it('re-subscribes after a reconnect with since = last delivered and delivers the replay exactly once', async () => {
    const { log, seqs, send, sinces, server } = await subscribed();
    log.publishThrough(2);
    await send(1, 2);
    await reconnect(server);
    expect(sinces()).toEqual([undefined, 2]);
    log.publishThrough(4);
    await reconnect(server);
    expect(sinces()).toEqual([undefined, 2, 2]);
    expect(seqs()).toEqual([1, 2, 3, 4]);
    log.publishThrough(5);
    await send(4, 5, 3);
    expect(seqs()).toEqual([1, 2, 3, 4, 5]);
  });

  it('pages through a replay longer than the server sends at once without waiting for the gap timer', async () => {
    const log = new TopicLog('news', 1000);
    log.publishThrough(2500);
    const { seqs, sinces } = await subscribed({ since: 0 }, log);
    expect(sinces()).toEqual([0, 1000, 2000]);
    expect(seqs()).toEqual(Array.from({ length: 2500 }, (_, i) => i + 1));
  });

  it('surfaces expired events through onTruncated and the truncated event, then goes on from the oldest retained one', async () => {
    const onTruncated = jest.fn();
    const { log, calls, seqs, send, server, events, client } = await subscribed({ onTruncated });
    const order: string[] = [];
    client.on('truncated', ({ from, to }) => order.push(`truncated ${from}-${to}`));
    client.on('event', ({ seq }) => order.push(`event ${seq}`));
    log.publishThrough(2);
    await send(1, 2);
    order.length = 0;
    server.last.drop();
    await server.flush();
    log.publishThrough(10);
    log.expireThrough(6);
    await jest.advanceTimersByTimeAsync(100);
    expect(onTruncated.mock.calls).toEqual([[{ topic: 'news', from: 3, to: 6 }]]);
    expect(events.filter(([name]) => name === 'truncated')).toEqual([['truncated', { topic: 'news', from: 3, to: 6 }]]);
    expect(order).toEqual(['truncated 3-6', 'event 7', 'event 8', 'event 9', 'event 10']);
    expect(seqs()).toEqual([1, 2, 7, 8, 9, 10]);
    expect(calls).toHaveLength(6);
  });

  it('reports everything up to the head as expired when nothing after since is retained', async () => {
    const log = new TopicLog('news');
    log.publishThrough(8);
    log.expireThrough(8);
    const onTruncated = jest.fn();
    const { seqs, send } = await subscribed({ since: 3, onTruncated }, log);
    expect(onTruncated).toHaveBeenCalledWith({ topic: 'news', from: 4, to: 8 });
    log.publishThrough(9);
    await send(9);
    expect(seqs()).toEqual([9]);
  });

  it('passes ephemeral pushes (no seq) through at once, even while a gap is open', async () => {
    const { log, calls, send, server } = await subscribed();
    log.publishThrough(3);
    await send(1, 3);
    server.last.send(event('news', 'flash'));
    await server.flush();
    expect(calls.map(([data]) => data)).toEqual([1, 'flash']);
    expect(calls[1]?.[1]).toEqual({ topic: 'news' });
  });

  it('keeps at most 1000 events buffered per topic and fetches what it had to forget', async () => {
    const { log, seqs, send, sinces } = await subscribed();
    log.publishThrough(1101);
    await send(...Array.from({ length: 1100 }, (_, i) => i + 2));
    await send(1);
    expect(seqs()).toHaveLength(1001);
    expect(sinces()).toEqual([undefined]);
    await jest.advanceTimersByTimeAsync(GAP_MS);
    expect(sinces()).toEqual([undefined, 1001]);
    expect(seqs()).toEqual(Array.from({ length: 1101 }, (_, i) => i + 1));
  });

  it('shares one subscription and one ordering state among the handlers of a topic', async () => {
    const { log, client, seqs, send, sinces, logger } = await subscribed();
    const second: number[] = [];
    client.subscribe('news', (_, meta) => second.push(meta.seq as number), { since: 0 });
    log.publishThrough(3);
    await send(2, 1, 3, 2);
    expect(seqs()).toEqual([1, 2, 3]);
    expect(second).toEqual([1, 2, 3]);
    expect(sinces()).toEqual([undefined]);
    expect(logger.entries.some((e) => e.message === 'since ignored: the topic is already subscribed')).toBe(true);
  });

  it('clears the state on unsubscribe: a later subscribe starts from the current seq', async () => {
    const { log, client, server, seqs, send, sinces, unsubscribe } = await subscribed();
    log.publishThrough(2);
    await send(1, 2);
    unsubscribe();
    log.publishThrough(5);
    const again: number[] = [];
    client.subscribe('news', (_, meta) => again.push(meta.seq as number));
    await server.flush();
    log.publishThrough(6);
    await send(3, 6);
    expect(sinces()).toEqual([undefined, undefined]);
    expect(again).toEqual([6]);
    expect(seqs()).toEqual([1, 2]);
    await jest.advanceTimersByTimeAsync(GAP_MS * 3);
    expect(sinces()).toHaveLength(2);
  });

  it('retries a gap fetch refused with a retryable error, and not one refused for good', async () => {
    const log = new TopicLog('news');
    const { server, seqs, sinces, send, events } = await subscribed({}, log);
    let refusal: 'RATE_LIMITED' | 'FORBIDDEN' = 'RATE_LIMITED';
    server.onMessage((message, connection) => {
      if ((message.payload as SubscribePayload | undefined)?.since === undefined) return log.answer(message, connection);
      connection.send(error(message.id, refusal, 'no'));
    });
    log.publishThrough(3);
    await send(1, 3);
    await jest.advanceTimersByTimeAsync(GAP_MS);
    expect(sinces()).toEqual([undefined, 1]);
    refusal = 'FORBIDDEN';
    await jest.advanceTimersByTimeAsync(GAP_MS);
    expect(sinces()).toEqual([undefined, 1, 1]);
    await jest.advanceTimersByTimeAsync(GAP_MS * 3);
    expect(sinces()).toHaveLength(3);
    expect(events.filter(([name]) => name === 'error').map(([, e]) => (e as { code: string }).code)).toEqual(['RATE_LIMITED', 'FORBIDDEN']);
    expect(seqs()).toEqual([1]);
  });

  it('subscribes again after a retryable refusal, waiting retryAfterMs, so a reconnect never leaves a topic unsubscribed', async () => {
    const log = new TopicLog('news');
    const { server, seqs, sinces, send } = await subscribed({}, log);
    log.publishThrough(2);
    await send(1, 2);
    let refusals = 1;
    server.onMessage((message, connection) => {
      if (message.action !== 'subscribe' || refusals-- <= 0) return log.answer(message, connection);
      connection.send(error(message.id, 'RATE_LIMITED', 'slow down', { retryAfterMs: 3_000 }));
    });
    await reconnect(server); // the refusal arrives within these 100 ms
    expect(sinces()).toEqual([undefined, 2]);
    await jest.advanceTimersByTimeAsync(2_800);
    expect(sinces()).toEqual([undefined, 2]);
    log.publishThrough(3);
    await jest.advanceTimersByTimeAsync(200);
    expect(sinces()).toEqual([undefined, 2, 2]);
    expect(seqs()).toEqual([1, 2, 3]);
  });

  it('refuses a since that is not a seq', () => {
    const { client } = setup();
    for (const since of [-1, 1.5, Number.NaN, '3' as unknown as number]) {
      expect(() => client.subscribe('news', () => undefined, { since })).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
    }
  });

  it('refuses a gapTimeoutMs that is not a positive number', () => {
    for (const gapTimeoutMs of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => setup({ gapTimeoutMs })).toThrow(TypeError);
    }
  });

  it('ignores malformed event frames and starts from the first event when the result carries no seq', async () => {
    const harness = setup();
    harness.server.onMessage((message, connection) => connection.send(result(message.id, { topic: 'news', subscribed: true })));
    await harness.connect();
    const seen: unknown[] = [];
    harness.client.subscribe('news', (data, meta) => seen.push([data, meta.seq]));
    await harness.server.flush();
    const frames = [
      { type: 'event', topic: 'news', seq: 0, publishedAt: 1, data: 'zero' },
      { type: 'event', topic: 'news', seq: '4', publishedAt: 1, data: 'text' },
      { type: 'event', topic: 'news', seq: 4, data: 'no publishedAt' },
      { type: 'event', topic: 'news', seq: 4, publishedAt: 1, data: 'four' },
      { type: 'event', topic: 'news', seq: 5, publishedAt: 1, data: 'five' },
    ];
    for (const frame of frames) harness.server.last.send(frame);
    await harness.server.flush();
    expect(seen).toEqual([['four', 4], ['five', 5]]);
    expect(harness.logger.entries.filter((e) => e.message === 'Ignored a malformed server frame')).toHaveLength(3);
    expect(harness.logger.entries.some((e) => e.message === 'subscribe answered without the topic seq')).toBe(true);
  });

  it('stops its gap timer when the client closes', async () => {
    const { log, send, client, server, sinces } = await subscribed();
    log.publishThrough(3);
    await send(1, 3);
    await client.close();
    await jest.advanceTimersByTimeAsync(GAP_MS * 3);
    expect(sinces()).toEqual([undefined]);
    expect(server.last.closedByClient).toBeDefined();
  });
});
