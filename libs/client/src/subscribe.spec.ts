import { error, event, result } from '@streamer/protocol';
import { setup } from './test-support/harness';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('StreamerClient.subscribe', () => {
  it('sends subscribe and dispatches events for that topic only', async () => {
    const { server, client, connect, events } = setup();
    await connect();
    const onNews = jest.fn();
    client.subscribe('news', onNews);
    await server.flush();
    expect(server.messages('subscribe')).toEqual([expect.objectContaining({ payload: { topic: 'news' } })]);
    server.last.send(event('news', { n: 1 }));
    server.last.send(event('sport', { n: 2 }));
    await server.flush();
    expect(onNews.mock.calls).toEqual([[{ n: 1 }, { topic: 'news' }]]);
    expect(events.filter(([name]) => name === 'event')).toEqual([
      ['event', { topic: 'news', data: { n: 1 } }],
      ['event', { topic: 'sport', data: { n: 2 } }],
    ]);
  });

  it('sends one subscribe per topic and unsubscribes when the last handler leaves', async () => {
    const { server, client, connect } = setup();
    await connect();
    const a = jest.fn();
    const b = jest.fn();
    const offA = client.subscribe('news', a);
    const offB = client.subscribe('news', b);
    offA();
    offA();
    await server.flush();
    expect(server.messages('subscribe')).toHaveLength(1);
    expect(server.messages('unsubscribe')).toHaveLength(0);
    offB();
    await server.flush();
    expect(server.messages('unsubscribe')).toEqual([expect.objectContaining({ payload: { topic: 'news' } })]);
    server.last.send(event('news', 1));
    await server.flush();
    expect(a).not.toHaveBeenCalled();
    expect(b).not.toHaveBeenCalled();
  });

  it('subscribes on connect to topics chosen before connecting', async () => {
    const { server, client, connect } = setup();
    client.subscribe('early', () => undefined);
    await connect();
    expect(server.messages('subscribe')).toEqual([expect.objectContaining({ payload: { topic: 'early' } })]);
  });

  it('re-subscribes to every topic still wanted after a reconnect', async () => {
    const { server, client, connect } = setup();
    await connect();
    const onA = jest.fn();
    client.subscribe('a', onA);
    const offB = client.subscribe('b', () => undefined);
    await server.flush();
    server.last.drop();
    await server.flush();
    offB();
    await jest.advanceTimersByTimeAsync(1_000);
    expect(server.connections[1]?.messages('subscribe')).toEqual([expect.objectContaining({ payload: { topic: 'a' } })]);
    server.last.send(event('a', 'again'));
    await server.flush();
    expect(onA).toHaveBeenCalledWith('again', { topic: 'a' });
  });

  it('reports a refused subscription as an error event', async () => {
    const { server, client, connect, events } = setup();
    server.onMessage((m, c) => c.send(m.action === 'subscribe' ? error(m.id, 'FORBIDDEN', 'Not your topic') : result(m.id, null)));
    await connect();
    client.subscribe('secret', () => undefined);
    await server.flush();
    expect(events.at(-1)).toEqual(['error', expect.objectContaining({ code: 'FORBIDDEN', message: 'Not your topic' })]);
  });

  it('refuses an invalid topic name', () => {
    const { client } = setup();
    expect(() => client.subscribe('has space', () => undefined)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });

  it('keeps dispatching when a handler throws', async () => {
    const { server, client, connect, logger } = setup();
    await connect();
    const second = jest.fn();
    client.subscribe('t', () => {
      throw new Error('handler bug');
    });
    client.subscribe('t', second);
    server.last.send(event('t', 1));
    await server.flush();
    expect(second).toHaveBeenCalledWith(1, { topic: 't' });
    expect(logger.entries.some((e) => e.message === 'Event handler threw')).toBe(true);
  });
});
