import { error, result } from '@streamer/protocol';
import { setup } from './test-support/harness';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('malformed and unexpected server frames', () => {
  it.each([
    ['not JSON', 'not json {'],
    ['an unknown type', JSON.stringify({ id: 'c-1-aaaaaaaa', type: 'surprise' })],
    ['progress out of range', JSON.stringify({ id: 'c-1-aaaaaaaa', type: 'progress', requestId: 'r', progress: 7 })],
    ['a JSON array', '[1,2,3]'],
    ['a binary frame', new ArrayBuffer(4)],
  ])('ignores %s, logs it, and keeps working', async (_label, frame) => {
    const { server, client, connect, logger } = setup();
    server.onMessage((m, c) => {
      c.sendRaw(frame);
      c.send(result(m.id, 'fine'));
    });
    await connect();
    await expect(client.request('echo')).resolves.toBe('fine');
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Ignored a malformed server frame' }));
    expect(client.state).toBe('open');
  });

  it('ignores replies for ids nothing waits for', async () => {
    const { server, client, connect, logger } = setup();
    await connect();
    server.last.send(result('c-999-zzzzzzzz', 'stray'));
    await server.flush();
    expect(client.state).toBe('open');
    expect(logger.entries).toContainEqual(expect.objectContaining({ level: 'debug', message: 'Ignored a reply nothing was waiting for' }));
  });

  it('emits an error event for a server error with id null', async () => {
    const { server, connect, events } = setup();
    await connect();
    server.last.send(error(null, 'INVALID_REQUEST', 'Frame is not valid JSON'));
    await server.flush();
    expect(events.at(-1)).toEqual(['error', expect.objectContaining({ code: 'INVALID_REQUEST', message: 'Frame is not valid JSON' })]);
  });

  it('survives a listener that throws', async () => {
    const { server, client, connect } = setup();
    client.on('event', () => {
      throw new Error('listener bug');
    });
    server.onMessage((m, c) => {
      c.send({ type: 'event', topic: 't', data: 1 });
      c.send(result(m.id, 'ok'));
    });
    await connect();
    await expect(client.request('echo')).resolves.toBe('ok');
  });
});
