import { importIsolated, observeImport } from '@streamer/config/testing';
import { endpointFromEvent } from './event';
import type * as Main from './main';
import { messageEvent } from './test-support/events';

type MainModule = typeof Main;

describe('main', () => {
  const originalEnv = process.env;
  afterEach(() => {
    process.env = originalEnv;
  });

  const importMain = (): Promise<MainModule> => importIsolated(() => import('./main'));

  // The AWS SDK and Powertools look at a few AWS_* runtime variables when their modules load; the
  // app itself must read nothing until the first invocation.
  it('reads no app setting and opens no socket when imported', async () => {
    const { module: main, appEnvReads, socketConnects } = await observeImport(() => import('./main'));
    expect(typeof main.handler).toBe('function');
    expect(appEnvReads).toEqual([]);
    expect(socketConnects).toBe(0);
  });

  it('fails the first invocation with an error naming a missing variable, and tries again on the next', async () => {
    process.env = { CONNECTIONS_TABLE: 'c', SUBSCRIPTIONS_TABLE: 's', EVENTS_TABLE: 'e' };
    const { handler } = await importMain();
    const event = messageEvent('c-1', '{"id":"p","action":"ping"}');
    await expect(handler(event)).rejects.toThrow(/REQUESTS_TABLE/);
    process.env = { ...process.env, REQUESTS_TABLE: 'r', RATE_LIMIT_BURST: '0' };
    await expect(handler(event)).rejects.toThrow(/RATE_LIMIT_BURST/);
  });

  it('derives the management endpoint from the event when WEBSOCKET_ENDPOINT is unset', () => {
    expect(endpointFromEvent(messageEvent('c-1', undefined))).toBe('https://abc123.execute-api.eu-west-1.amazonaws.com/prod');
  });
});
