import { ack, type ClientMessage, event, result } from '@streamer/protocol';
import { setup, track } from './test-support/harness';
import { type StreamerClientOptions } from './options';
import { type FakeConnection, type FakeWebSocket } from './testing';

beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-01T12:00:00Z') }));
afterEach(() => jest.useRealTimers());

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
/** An unsigned JWT-shaped token expiring `lifetimeMs` from now (the client reads `exp`, never verifies). */
const tokenFor = (n: number, lifetimeMs: number): string =>
  `${b64url({ alg: 'ES256' })}.${b64url({ sub: `t${n}`, exp: Math.floor((Date.now() + lifetimeMs) / 1000) })}.c2ln`;

describe('token transport', () => {
  it('offers the token as a subprotocol by default with a WebSocket that is not ws (browsers)', async () => {
    const { server, connect } = setup({ token: 'abc.def-ghi' });
    await connect();
    expect(server.last.socket.protocols).toEqual(['streamer.v1', 'bearer.abc.def-ghi']);
    expect(server.last.tokenTransport).toBe('subprotocol');
    expect(server.last.url.searchParams.has('Authorization')).toBe(false);
    expect(server.last.token).toBe('abc.def-ghi');
  });

  it('sends it in the query with tokenTransport: query, offering no subprotocol', async () => {
    const { server, connect } = setup({ token: 'abc', tokenTransport: 'query' });
    await connect();
    expect(server.last.tokenTransport).toBe('query');
    expect(server.last.socket.protocols).toEqual([]);
  });

  it('keeps the query by default with ws (recognised by ping and terminate)', async () => {
    const { server } = setup();
    class WsLike extends (server.WebSocket as new (url: string, protocols?: string | string[]) => FakeWebSocket) {
      ping(): void {
        return undefined;
      }
      terminate(): void {
        return undefined;
      }
    }
    // A client on `server`'s sockets, with ws's API on them.
    const { client } = setup({ token: 'abc', WebSocket: WsLike });
    const opening = client.connect();
    await server.flush();
    await opening;
    expect(server.last.tokenTransport).toBe('query');
  });

  it('refuses an unknown transport and a bad margin', () => {
    expect(() => setup({ tokenTransport: 'header' as never })).toThrow(/tokenTransport/);
    expect(() => setup({ tokenRefreshMarginMs: -1 })).toThrow(/tokenRefreshMarginMs/);
  });
});

describe('token refresh before expiry', () => {
  /** Acks `job` as r-1 and answers its `status` as completed; answers subscribe with the topic's seq 7. */
  function server(message: ClientMessage, connection: FakeConnection): void {
    if (message.action === 'job') connection.send(ack(message.id, 'r-1'));
    if (message.action === 'status') connection.send(result(message.id, { requestId: 'r-1', status: 'completed', progress: 1, result: { done: true } }));
    if (message.action === 'subscribe') connection.send(result(message.id, { topic: 'news', subscribed: true, seq: 7 }));
  }

  it('reconnects with a fresh token the margin before exp, keeping a pending request and a subscription', async () => {
    let issued = 0;
    const { server: fake, client, connect, events } = setup({ token: () => tokenFor(++issued, 10 * 60_000), tokenRefreshMarginMs: 60_000 });
    fake.onMessage(server);
    await connect();
    const seen: unknown[] = [];
    client.subscribe('news', (data) => seen.push(data));
    const pending = track(client.request('job'));
    await fake.flush();
    expect(pending.status).toBe('pending');

    await jest.advanceTimersByTimeAsync(9 * 60_000 - 1);
    expect(fake.connections).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(fake.connections[0]?.closedByClient).toEqual({ code: 1000, reason: 'Token refresh' });
    await jest.advanceTimersByTimeAsync(100); // the reconnect's first backoff (jitter fixed at 0.5: 50 ms)

    expect(fake.connections).toHaveLength(2);
    expect(fake.connections.map((c) => JSON.parse(Buffer.from(c.token?.split('.')[1] ?? '', 'base64url').toString()).sub)).toEqual(['t1', 't2']);
    expect(fake.last.messages('subscribe')).toEqual([expect.objectContaining({ payload: { topic: 'news', since: 7 } })]);
    expect(fake.last.messages('status')).toEqual([expect.objectContaining({ payload: { requestId: 'r-1' } })]);
    await fake.flush();
    expect(pending).toMatchObject({ status: 'resolved', value: { done: true } });
    fake.last.send(event('news', { headline: 'after refresh' }, { seq: 8, publishedAt: Date.now() }));
    await fake.flush();
    expect(seen).toEqual([{ headline: 'after refresh' }]);
    expect(events.filter(([name]) => name === 'error')).toEqual([]);
  });

  it('uses a token shorter-lived than the margin for half its lifetime', async () => {
    let issued = 0;
    const { server: fake, connect } = setup({ token: () => tokenFor(++issued, 4_000) });
    await connect();
    await jest.advanceTimersByTimeAsync(1_999);
    expect(fake.connections).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(101);
    expect(fake.connections).toHaveLength(2);
  });

  it.each<[string, Partial<StreamerClientOptions>]>([
    ['a fixed token', { token: tokenFor(1, 4_000) }],
    ['a margin of 0', { token: () => tokenFor(1, 4_000), tokenRefreshMarginMs: 0 }],
    ['reconnecting disabled', { token: () => tokenFor(1, 4_000), reconnect: false }],
    ['a token that is not a JWT', { token: () => 'opaque' }],
  ])('does not refresh with %s', async (_name, options) => {
    const { server: fake, connect } = setup(options);
    await connect();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(fake.connections).toHaveLength(1);
    expect(fake.last.closedByClient).toBeUndefined();
  });

  it('refreshes once, not in a loop, when the provider keeps returning the same token', async () => {
    const token = tokenFor(1, 4_000);
    const { server: fake, connect, logger } = setup({ token: () => token });
    await connect();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(fake.connections).toHaveLength(2);
    expect(logger.entries.some((e) => e.level === 'warn' && e.message.includes('returned the token it was asked to replace'))).toBe(true);
  });
});
