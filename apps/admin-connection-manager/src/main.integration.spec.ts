// The Lambda entry point: nothing at import, everything built on the first invocation from the
// environment (DynamoDB Local from the Jest global setup; the gateway is never called here).
import { importIsolated, observeImport } from '@streamer/config/testing';
import type * as Main from './main';

type MainModule = typeof Main;

const originalEnv = process.env;

const freshMain = (): Promise<MainModule> => importIsolated(() => import('./main'));

beforeEach(() => {
  process.env = {
    ...originalEnv,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
    WEBSOCKET_ENDPOINT: 'https://abc123.execute-api.us-east-1.amazonaws.com/test',
  };
});

afterEach(() => {
  process.env = originalEnv;
});

describe('main', () => {
  it('reads no app setting and opens no socket when imported', async () => {
    const { module: main, appEnvReads, socketConnects } = await observeImport(() => import('./main'));
    expect(typeof main.handler).toBe('function');
    expect(appEnvReads).toEqual([]);
    expect(socketConnects).toBe(0);
  });

  it('fails the first invocation naming a missing variable, and builds once it is set', async () => {
    delete process.env['WEBSOCKET_ENDPOINT'];
    const { handler } = await freshMain();

    await expect(handler({ action: 'get_all_connections' })).rejects.toThrow('WEBSOCKET_ENDPOINT is required but not set');

    process.env['WEBSOCKET_ENDPOINT'] = 'https://abc123.execute-api.us-east-1.amazonaws.com/test';
    const response = await handler({ action: 'get_all_connections', limit: 5 });
    expect(response).toEqual({ statusCode: 200, body: { connections: [], count: 0 } });
  });

  it('answers bad input and forged page tokens with 400 through the real stores', async () => {
    const { handler } = await freshMain();
    expect(await handler({ action: 'get_all_connections', limit: 5000 })).toEqual({
      statusCode: 400,
      body: { code: 'INVALID_INPUT', message: 'limit must be an integer from 1 to 1000' },
    });
    const forged = `${Buffer.from('{"v":1,"k":{"connectionId":"x"}}').toString('base64url')}.AAAA`;
    expect(await handler({ action: 'get_all_connections', nextToken: forged })).toEqual({
      statusCode: 400,
      body: { code: 'INVALID_INPUT', message: 'invalid nextToken' },
    });
  });

  it('treats an EventBridge scheduled event as cleanup', async () => {
    const { handler } = await freshMain();
    const response = await handler({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    expect(response).toMatchObject({ statusCode: 200, body: { message: 'Stale connections cleaned up', cleanedCount: 0 } });
  });
});
