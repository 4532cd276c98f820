// The router behaviours that depend on the store. Run against the in-memory fakes and, when the
// embedded DynamoDB is available, against the real tables: both must behave the same.
import type { ErrorMessage, ServerMessage } from '@streamer/protocol';
import { MAX_MESSAGE_BYTES } from '@streamer/protocol';
import type { Stores } from '@streamer/store';
import { collect, createFixture, type Fixture } from './fixture';

export type StoresFactory = (clock: () => number) => Stores;

function errorOf(reply: ServerMessage): ErrorMessage['error'] {
  if (reply.type !== 'error') throw new Error(`expected an error reply, got ${JSON.stringify(reply)}`);
  return reply.error;
}

export function describeRouterCore(label: string, stores: () => StoresFactory): void {
  describe(`router core (${label})`, () => {
    let f: Fixture;
    beforeEach(() => {
      f = createFixture({ stores: stores(), router: { rateLimit: { ratePerSecond: 20, burst: 40 } } });
    });

    describeConnections(() => f);
    describeRateLimit(() => f);
    describeSubscriptions(() => f);
    describeStatus(() => f);
    describeCancel(() => f);
    describeEnqueue(() => f);
    describeRejections(() => f);
  });
}

function describeConnections(fixture: () => Fixture): void {
  describe('connection lookup', () => {
    it('answers an unknown connection with UNAUTHORIZED and stores nothing', async () => {
      const f = fixture();
      const ghost = f.uid('ghost');
      const reply = await f.send(ghost, { id: 'c-1', action: 'queued' });
      expect(reply).toMatchObject({ id: 'c-1', type: 'error', error: { code: 'UNAUTHORIZED', retryable: false } });
      expect(await f.requestsOf(ghost)).toEqual([]);
    });

    it('answers a connection marked disconnected with FORBIDDEN', async () => {
      const f = fixture();
      const conn = await f.connect({ status: 'DISCONNECTED' });
      const reply = await f.send(conn.connectionId, { id: 'c-1', action: 'queued' });
      expect(errorOf(reply).code).toBe('FORBIDDEN');
      expect(await f.requestsOf(conn.connectionId)).toEqual([]);
    });

    it('takes user and tenant from the stored connection, never from the message', async () => {
      const f = fixture();
      const conn = await f.connect();
      const forged = { userId: 'mallory', tenantId: 'other-tenant', recordCount: 5000 };
      const reply = await f.send(conn.connectionId, { id: 'c-1', action: 'report', payload: forged, userId: 'mallory' });
      expect(reply).toMatchObject({ type: 'ack', status: 'queued' });
      const [stored] = await f.requestsOf(conn.connectionId);
      expect(stored).toMatchObject({ userId: conn.userId, tenantId: conn.tenantId, clientId: 'c-1', action: 'report' });
    });
  });
}

function describeRateLimit(fixture: () => Fixture): void {
  describe('rate limit', () => {
    it('allows the burst, then answers RATE_LIMITED with a retry hint until a token refills', async () => {
      const f = fixture();
      const conn = await f.connect();
      for (let i = 0; i < 40; i++) expect((await f.send(conn.connectionId, { id: `p-${i}`, action: 'ping' })).type).toBe('pong');
      const limited = await f.send(conn.connectionId, { id: 'p-40', action: 'queued' });
      expect(limited).toMatchObject({ id: 'p-40', type: 'error', error: { code: 'RATE_LIMITED', retryable: true } });
      const retryAfterMs = errorOf(limited).retryAfterMs ?? 0;
      expect(retryAfterMs).toBe(50);
      expect(await f.requestsOf(conn.connectionId)).toEqual([]);
      f.advance(retryAfterMs);
      expect(await f.send(conn.connectionId, { id: 'p-41', action: 'ping' })).toEqual({ id: 'p-41', type: 'pong' });
    });

    it('keeps one bucket per connection', async () => {
      const f = fixture();
      const [a, b] = [await f.connect(), await f.connect()];
      for (let i = 0; i < 40; i++) await f.send(a.connectionId, { id: `p-${i}`, action: 'ping' });
      expect(errorOf(await f.send(a.connectionId, { id: 'x', action: 'ping' })).code).toBe('RATE_LIMITED');
      expect(await f.send(b.connectionId, { id: 'y', action: 'ping' })).toEqual({ id: 'y', type: 'pong' });
    });
  });
}

function describeSubscriptions(fixture: () => Fixture): void {
  describe('subscribe / unsubscribe', () => {
    it('subscribes within the connection tenant only', async () => {
      const f = fixture();
      const conn = await f.connect();
      const reply = await f.send(conn.connectionId, { id: 's-1', action: 'subscribe', payload: { topic: 'reports/daily' } });
      expect(reply).toEqual({ id: 's-1', type: 'result', success: true, data: { topic: 'reports/daily', subscribed: true, seq: 0 } });
      const members = await collect(f.stores.subscriptions.byTopic(conn.tenantId, 'reports/daily'));
      expect(members).toEqual([expect.objectContaining({ connectionId: conn.connectionId, userId: conn.userId })]);
      expect(await collect(f.stores.subscriptions.byTopic(f.uid('tenant'), 'reports/daily'))).toEqual([]);
    });

    it('answers a subscribe without `since` with the topic’s current seq and replays nothing', async () => {
      const f = fixture();
      const conn = await f.connect();
      await publish(f, conn.tenantId, 'news', 3);
      const reply = await f.send(conn.connectionId, { id: 's-1', action: 'subscribe', payload: { topic: 'news' } });
      expect(reply).toMatchObject({ type: 'result', data: { topic: 'news', subscribed: true, seq: 3 } });
      expect(f.sender.messagesTo(conn.connectionId).filter((m) => m.type === 'event')).toEqual([]);
    });

    it('replays the events after `since` in seq order, then answers with the head', async () => {
      const f = fixture();
      const conn = await f.connect();
      const published = await publish(f, conn.tenantId, 'news', 5);
      const reply = await f.send(conn.connectionId, { id: 's-1', action: 'subscribe', payload: { topic: 'news', since: 2 } });
      const sent = f.sender.messagesTo(conn.connectionId);
      expect(sent).toEqual([
        { type: 'event', topic: 'news', seq: 3, publishedAt: published, data: { n: 3 } },
        { type: 'event', topic: 'news', seq: 4, publishedAt: published, data: { n: 4 } },
        { type: 'event', topic: 'news', seq: 5, publishedAt: published, data: { n: 5 } },
        reply,
      ]);
      expect(reply).toEqual({ id: 's-1', type: 'result', success: true, data: { topic: 'news', subscribed: true, seq: 5 } });
      expect(await collect(f.stores.subscriptions.byTopic(conn.tenantId, 'news'))).toHaveLength(1);
    });

    it('replays from the first event with `since: 0`, and nothing when the client is up to date', async () => {
      const f = fixture();
      const conn = await f.connect();
      await publish(f, conn.tenantId, 'news', 2);
      await f.send(conn.connectionId, { id: 's-1', action: 'subscribe', payload: { topic: 'news', since: 0 } });
      expect(f.sender.messagesTo(conn.connectionId).map((m) => (m.type === 'event' ? m.seq : m.type))).toEqual([1, 2, 'result']);
      f.sender.clear();
      const reply = await f.send(conn.connectionId, { id: 's-2', action: 'subscribe', payload: { topic: 'news', since: 2 } });
      expect(f.sender.messagesTo(conn.connectionId)).toEqual([reply]);
      expect(reply).toMatchObject({ data: { seq: 2 } });
      expect(reply).not.toHaveProperty('data.truncated');
    });

    it('says `truncated` when events after `since` have expired, and replays what is left', async () => {
      const f = fixture();
      const conn = await f.connect();
      await publish(f, conn.tenantId, 'news', 2, 60);
      await publish(f, conn.tenantId, 'news', 1, 3600);
      f.advance(120_000);
      const reply = await f.send(conn.connectionId, { id: 's-1', action: 'subscribe', payload: { topic: 'news', since: 0 } });
      expect(f.sender.messagesTo(conn.connectionId).map((m) => (m.type === 'event' ? m.seq : m.type))).toEqual([3, 'result']);
      expect(reply).toMatchObject({ data: { topic: 'news', subscribed: true, seq: 3, truncated: true } });
    });

    it('replays the caller’s tenant only', async () => {
      const f = fixture();
      const mine = await f.connect();
      const theirs = await f.connect();
      await publish(f, theirs.tenantId, 'news', 4);
      await publish(f, mine.tenantId, 'news', 1);
      const reply = await f.send(mine.connectionId, { id: 's-1', action: 'subscribe', payload: { topic: 'news', since: 0 } });
      const events = f.sender.messagesTo(mine.connectionId).filter((m) => m.type === 'event');
      expect(events).toEqual([expect.objectContaining({ seq: 1, data: { n: 1 } })]);
      expect(reply).toMatchObject({ data: { seq: 1 } });
      expect(f.sender.messagesTo(theirs.connectionId)).toEqual([]);
    });

    it.each([[-1], [1.5], ['3'], [Number.MAX_SAFE_INTEGER + 1]])('refuses since %p with INVALID_REQUEST and subscribes nothing', async (since) => {
      const f = fixture();
      const conn = await f.connect();
      const reply = await f.send(conn.connectionId, { id: 's-1', action: 'subscribe', payload: { topic: 'news', since } });
      expect(reply).toMatchObject({ id: 's-1', type: 'error', error: { code: 'INVALID_REQUEST' } });
      expect(await collect(f.stores.subscriptions.byTopic(conn.tenantId, 'news'))).toEqual([]);
    });

    it('unsubscribes', async () => {
      const f = fixture();
      const conn = await f.connect();
      await f.send(conn.connectionId, { id: 's-1', action: 'subscribe', payload: { topic: 'news' } });
      const reply = await f.send(conn.connectionId, { id: 's-2', action: 'unsubscribe', payload: { topic: 'news' } });
      expect(reply).toMatchObject({ id: 's-2', type: 'result', data: { topic: 'news', subscribed: false } });
      expect(await collect(f.stores.subscriptions.byTopic(conn.tenantId, 'news'))).toEqual([]);
    });

    it('accepts every topic the protocol allows, up to 256 characters with "@"', async () => {
      const f = fixture();
      const conn = await f.connect();
      const topic = `alerts@acme/${'t'.repeat(244)}`;
      const reply = await f.send(conn.connectionId, { id: 's-1', action: 'subscribe', payload: { topic } });
      expect(reply).toMatchObject({ id: 's-1', type: 'result', data: { topic, subscribed: true } });
      expect(await collect(f.stores.subscriptions.byTopic(conn.tenantId, topic))).toHaveLength(1);
    });

    it.each([['with space'], ['a#b'], ['t'.repeat(257)]])('refuses topic %j and stores nothing', async (topic) => {
      const f = fixture();
      const conn = await f.connect();
      const reply = await f.send(conn.connectionId, { id: 's-1', action: 'subscribe', payload: { topic } });
      expect(reply).toMatchObject({ id: 's-1', error: { code: 'INVALID_REQUEST' } });
      expect(await collect(f.stores.subscriptions.byTopic(conn.tenantId, topic))).toEqual([]);
    });
  });
}

/** Appends `count` events `{n}` (numbered on from the topic's head) and returns their publishedAt. */
async function publish(f: Fixture, tenantId: string, topic: string, count: number, retentionSeconds = 3600): Promise<number> {
  const now = f.now();
  for (let i = 0; i < count; i++) {
    const { head } = await f.stores.events.read({ tenantId, topic, after: Number.MAX_SAFE_INTEGER, limit: 1, now });
    await f.stores.events.append({ tenantId, topic, data: { n: head + 1 }, now, retentionSeconds });
  }
  return now;
}

function describeStatus(fixture: () => Fixture): void {
  describe('status', () => {
    it('returns the stored state of an own request, also from a new socket of the same user', async () => {
      const f = fixture();
      const first = await f.connect();
      const ackReply = await f.send(first.connectionId, { id: 'r-1', action: 'queued' });
      const requestId = ackReply.type === 'ack' ? ackReply.requestId : '';
      await f.stores.requests.claim(requestId, { leaseMs: 60_000, now: f.now() });
      await f.stores.requests.updateProgress(requestId, 0.5, 'Halfway');
      await f.stores.requests.complete(requestId, { url: 'https://files/r.pdf' });
      const second = await f.connect({ userId: first.userId, tenantId: first.tenantId });
      const reply = await f.send(second.connectionId, { id: 'st-1', action: 'status', payload: { requestId } });
      expect(reply).toEqual({
        id: 'st-1',
        type: 'result',
        success: true,
        data: { requestId, status: 'completed', progress: 0.5, progressMessage: 'Halfway', result: { url: 'https://files/r.pdf' } },
      });
    });

    it('moves a pending own request to the socket that asks, so the rest of its messages go there', async () => {
      const f = fixture();
      const first = await f.connect();
      const ackReply = await f.send(first.connectionId, { id: 'r-1', action: 'queued' });
      const requestId = ackReply.type === 'ack' ? ackReply.requestId : '';
      await f.stores.requests.claim(requestId, { leaseMs: 60_000, now: f.now() });
      const second = await f.connect({ userId: first.userId, tenantId: first.tenantId });
      const reply = await f.send(second.connectionId, { id: 'st-1', action: 'status', payload: { requestId } });
      expect(reply).toMatchObject({ id: 'st-1', type: 'result', data: { requestId, status: 'processing' } });
      expect((await f.stores.requests.get(requestId))?.connectionId).toBe(second.connectionId);

      const sameTenant = await f.connect({ tenantId: first.tenantId });
      await f.send(sameTenant.connectionId, { id: 'st-2', action: 'status', payload: { requestId } });
      expect((await f.stores.requests.get(requestId))?.connectionId).toBe(second.connectionId);

      await f.stores.requests.complete(requestId, { ok: true });
      await f.send(first.connectionId, { id: 'st-3', action: 'status', payload: { requestId } });
      expect((await f.stores.requests.get(requestId))?.connectionId).toBe(second.connectionId);
    });

    it('shows a failed request with its wire error', async () => {
      const f = fixture();
      const conn = await f.connect();
      const ackReply = await f.send(conn.connectionId, { id: 'r-1', action: 'queued' });
      const requestId = ackReply.type === 'ack' ? ackReply.requestId : '';
      await f.stores.requests.fail(requestId, { code: 'INVALID_REQUEST', message: 'Bad date range', retryable: false });
      const reply = await f.send(conn.connectionId, { id: 'st-1', action: 'status', payload: { requestId } });
      expect(reply).toMatchObject({ data: { status: 'failed', error: { code: 'INVALID_REQUEST', message: 'Bad date range', retryable: false } } });
    });

    it("answers another user's, another tenant's and a missing request identically with NOT_FOUND", async () => {
      const f = fixture();
      const owner = await f.connect();
      const ackReply = await f.send(owner.connectionId, { id: 'r-1', action: 'queued' });
      const requestId = ackReply.type === 'ack' ? ackReply.requestId : '';
      const sameTenant = await f.connect({ tenantId: owner.tenantId });
      const sameUserOtherTenant = await f.connect({ userId: owner.userId });
      const replies = [
        await f.send(sameTenant.connectionId, { id: 'st', action: 'status', payload: { requestId } }),
        await f.send(sameUserOtherTenant.connectionId, { id: 'st', action: 'status', payload: { requestId } }),
        await f.send(owner.connectionId, { id: 'st', action: 'status', payload: { requestId: f.uid('missing') } }),
      ];
      const notFound = { id: 'st', type: 'error', success: false, error: { code: 'NOT_FOUND', message: 'Request not found', retryable: false } };
      expect(replies).toEqual([notFound, notFound, notFound]);
    });
  });
}

function describeCancel(fixture: () => Fixture): void {
  describe('cancel', () => {
    async function queuedRequest(f: Fixture) {
      const owner = await f.connect();
      const ackReply = await f.send(owner.connectionId, { id: 'job-7', action: 'queued' });
      if (ackReply.type !== 'ack') throw new Error('expected ack');
      f.sender.clear();
      return { owner, requestId: ackReply.requestId };
    }

    it('cancels an own request and sends exactly one CANCELLED terminal message to its socket', async () => {
      const f = fixture();
      const { owner, requestId } = await queuedRequest(f);
      const other = await f.connect({ userId: owner.userId, tenantId: owner.tenantId });
      const reply = await f.send(other.connectionId, { id: 'x-1', action: 'cancel', payload: { requestId } });
      expect(reply).toEqual({ id: 'x-1', type: 'result', success: true, data: { requestId, status: 'cancelled' } });
      expect(f.sender.messagesTo(owner.connectionId)).toEqual([
        { id: 'job-7', type: 'error', success: false, error: { code: 'CANCELLED', message: 'Request cancelled', retryable: false } },
      ]);
      expect(f.sender.sent.map((s) => [s.connectionId, s.verified])).toEqual([
        [owner.connectionId, false],
        [other.connectionId, true],
      ]);
      expect((await f.stores.requests.get(requestId))?.status).toBe('cancelled');
    });

    it('answers a second cancel with the current status and sends no second terminal message', async () => {
      const f = fixture();
      const { owner, requestId } = await queuedRequest(f);
      await f.send(owner.connectionId, { id: 'x-1', action: 'cancel', payload: { requestId } });
      const again = await f.send(owner.connectionId, { id: 'x-2', action: 'cancel', payload: { requestId } });
      expect(again).toMatchObject({ id: 'x-2', type: 'result', data: { requestId, status: 'cancelled' } });
      const terminals = f.sender.messagesTo(owner.connectionId).filter((m) => m.type === 'error');
      expect(terminals).toHaveLength(1);
    });

    it('leaves a completed request alone and reports its status', async () => {
      const f = fixture();
      const { owner, requestId } = await queuedRequest(f);
      await f.stores.requests.claim(requestId, { leaseMs: 60_000, now: f.now() });
      await f.stores.requests.complete(requestId, { ok: true });
      const reply = await f.send(owner.connectionId, { id: 'x-1', action: 'cancel', payload: { requestId } });
      expect(reply).toMatchObject({ type: 'result', data: { requestId, status: 'completed' } });
      expect(f.sender.messagesTo(owner.connectionId)).toEqual([reply]);
    });

    it("answers a cancel of someone else's request with NOT_FOUND and changes nothing", async () => {
      const f = fixture();
      const { owner, requestId } = await queuedRequest(f);
      const intruders = [await f.connect({ tenantId: owner.tenantId }), await f.connect({ userId: owner.userId })];
      for (const intruder of intruders) {
        const reply = await f.send(intruder.connectionId, { id: 'x-1', action: 'cancel', payload: { requestId } });
        expect(errorOf(reply)).toEqual({ code: 'NOT_FOUND', message: 'Request not found', retryable: false });
      }
      expect((await f.stores.requests.get(requestId))?.status).toBe('queued');
      expect(f.sender.messagesTo(owner.connectionId)).toEqual([]);
    });
  });
}

function describeEnqueue(fixture: () => Fixture): void {
  describe('async enqueue', () => {
    it('stores a queued request and answers with ack', async () => {
      const f = fixture();
      const conn = await f.connect();
      const reply = await f.send(conn.connectionId, { id: 'r-1', action: 'report', payload: { recordCount: 5000 } });
      expect(reply).toEqual({ id: 'r-1', type: 'ack', requestId: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/), status: 'queued' });
      const stored = await f.requestsOf(conn.connectionId);
      expect(stored).toEqual([
        expect.objectContaining({ requestId: (reply as { requestId: string }).requestId, status: 'queued', payload: { recordCount: 5000 } }),
      ]);
    });

    it('answers a re-sent id from the same user with the first ack, stores one request and moves it to the new socket', async () => {
      const f = fixture();
      const conn = await f.connect();
      const first = await f.send(conn.connectionId, { id: 'r-1', action: 'queued' });
      const requestId = first.type === 'ack' ? first.requestId : '';
      await f.stores.requests.claim(requestId, { leaseMs: 60_000, now: f.now() });
      const reconnected = await f.connect({ userId: conn.userId, tenantId: conn.tenantId });
      const again = await f.send(reconnected.connectionId, { id: 'r-1', action: 'queued' });
      expect(again).toEqual({ id: 'r-1', type: 'ack', requestId, status: 'processing' });
      expect(await f.requestsOf(conn.connectionId)).toEqual([]);
      expect(await f.requestsOf(reconnected.connectionId)).toEqual([expect.objectContaining({ requestId, status: 'processing' })]);
    });

    it('leaves a settled request where it is when its id is re-sent from another socket', async () => {
      const f = fixture();
      const conn = await f.connect();
      const first = await f.send(conn.connectionId, { id: 'r-1', action: 'queued' });
      const requestId = first.type === 'ack' ? first.requestId : '';
      await f.stores.requests.cancel(requestId);
      const reconnected = await f.connect({ userId: conn.userId, tenantId: conn.tenantId });
      expect(await f.send(reconnected.connectionId, { id: 'r-1', action: 'queued' })).toEqual({ id: 'r-1', type: 'ack', requestId, status: 'cancelled' });
      expect((await f.stores.requests.get(requestId))?.connectionId).toBe(conn.connectionId);
    });

    it('treats the same id from another user as a different request', async () => {
      const f = fixture();
      const [a, b] = [await f.connect(), await f.connect()];
      const first = await f.send(a.connectionId, { id: 'r-1', action: 'queued' });
      const second = await f.send(b.connectionId, { id: 'r-1', action: 'queued' });
      expect(second).toMatchObject({ type: 'ack', status: 'queued' });
      expect((second as { requestId: string }).requestId).not.toBe((first as { requestId: string }).requestId);
    });

    it('treats the same user id in another tenant as another user: its own request, never the first one’s ack', async () => {
      const f = fixture();
      const userId = f.uid('same-sub');
      const [a, b] = [await f.connect({ userId }), await f.connect({ userId })];
      const first = await f.send(a.connectionId, { id: 'r-1', action: 'queued' });
      const second = await f.send(b.connectionId, { id: 'r-1', action: 'queued' });
      expect(second).toEqual({ id: 'r-1', type: 'ack', requestId: expect.any(String), status: 'queued' });
      const [firstId, secondId] = [first, second].map((reply) => (reply.type === 'ack' ? reply.requestId : ''));
      expect(secondId).not.toBe(firstId);
      expect(await f.stores.requests.get(secondId as string)).toMatchObject({ tenantId: b.tenantId, userId, connectionId: b.connectionId });
      expect(await f.stores.requests.get(firstId as string)).toMatchObject({ tenantId: a.tenantId, connectionId: a.connectionId });
    });
  });
}

function describeRejections(fixture: () => Fixture): void {
  const cases: Array<[string, (f: Fixture, connectionId: string) => Promise<ServerMessage>, string | null, string]> = [
    ['malformed JSON', (f, c) => f.send(c, '{"id":"r-1","action":'), null, 'INVALID_REQUEST'],
    ['an oversized frame', (f, c) => f.send(c, { id: 'r-1', action: 'queued', payload: { pad: 'x'.repeat(MAX_MESSAGE_BYTES) } }), null, 'INVALID_REQUEST'],
    ['a bad id', (f, c) => f.send(c, { id: 'has space', action: 'queued' }), null, 'INVALID_REQUEST'],
    ['an unknown action', (f, c) => f.send(c, { id: 'r-1', action: 'no_such_action' }), 'r-1', 'INVALID_REQUEST'],
    ['a bad payload', (f, c) => f.send(c, { id: 'r-1', action: 'report', payload: { recordCount: 'many' } }), 'r-1', 'INVALID_REQUEST'],
    ['a non-object payload', (f, c) => f.send(c, { id: 'r-1', action: 'queued', payload: [1] }), 'r-1', 'INVALID_REQUEST'],
  ];

  describe('rejected frames', () => {
    it.each(cases)('answers %s with a typed error and stores nothing', async (_name, sendIt, id, code) => {
      const f = fixture();
      const conn = await f.connect();
      const reply = await sendIt(f, conn.connectionId);
      expect(reply).toMatchObject({ id, type: 'error', success: false, error: { code, retryable: false } });
      expect(await f.requestsOf(conn.connectionId)).toEqual([]);
    });
  });
}
