import { importIsolated, observeImport } from '@streamer/config/testing';
import type { DisconnectEvent } from './event';
import type * as Main from './main';
import { disconnectEvent } from './test-support/events';

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
    process.env = { CONNECTIONS_TABLE: 'c', REQUESTS_TABLE: 'r' };
    const { handler } = await importMain();
    const event: DisconnectEvent = disconnectEvent();
    await expect(handler(event)).rejects.toThrow(/SUBSCRIPTIONS_TABLE/);
    process.env = { ...process.env, SUBSCRIPTIONS_TABLE: 's', EVENTS_TABLE: 'e', DISCONNECTED_TTL: 'soon' };
    await expect(handler(event)).rejects.toThrow(/DISCONNECTED_TTL/);
  });
});
