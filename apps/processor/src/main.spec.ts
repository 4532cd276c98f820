import { importIsolated, observeImport } from '@streamer/config/testing';
import { sqsRetryEvent } from '@streamer/processor/testing';
import type { Context } from 'aws-lambda';
import type * as Main from './main';

type MainModule = typeof Main;

const context = { getRemainingTimeInMillis: () => 60_000 } as Context;

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
    expect(typeof main.sweepHandler).toBe('function');
    expect(appEnvReads).toEqual([]);
    expect(socketConnects).toBe(0);
  });

  it('fails the first invocation with an error naming a missing variable, and tries again on the next', async () => {
    process.env = {
      CONNECTIONS_TABLE: 'c',
      REQUESTS_TABLE: 'r',
      SUBSCRIPTIONS_TABLE: 's', EVENTS_TABLE: 'e',
      WEBSOCKET_ENDPOINT: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
    };
    const { handler } = await importMain();
    const event = sqsRetryEvent(['r-1']);
    await expect(handler(event, context)).rejects.toThrow(/RETRY_QUEUE_URL/);
    process.env = { ...process.env, RETRY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/retries', MAX_RETRIES: 'lots' };
    await expect(handler(event, context)).rejects.toThrow(/MAX_RETRIES/);
  });

  it('builds the sweep handler from its own variables: no management endpoint, a missing queue named', async () => {
    process.env = { CONNECTIONS_TABLE: 'c', REQUESTS_TABLE: 'r', SUBSCRIPTIONS_TABLE: 's', EVENTS_TABLE: 'e' };
    const { sweepHandler } = await importMain();
    await expect(sweepHandler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context)).rejects.toThrow(/RETRY_QUEUE_URL/);
    process.env = { ...process.env, RETRY_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/1/retries', STALLED_RETRY_AFTER: 'later' };
    await expect(sweepHandler({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, context)).rejects.toThrow(/STALLED_RETRY_AFTER/);
  });
});
