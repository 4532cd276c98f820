// main.ts as Lambda runs it: env → DynamoDB stores (DynamoDB Local), the real gateway adapters posting
// to a loopback management API, the example registry. No fakes inside the app.
import { randomUUID } from 'node:crypto';
import type { Logger as StoreLogger } from '@streamer/kernel';
import { tableNamesFromEnv } from '@streamer/store';
import { createDynamoDocumentClient, createDynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';
import type * as Main from './main';
import { messageEvent } from './test-support/events';
import { type ManagementApi, startManagementApi } from './test-support/management-api';

jest.setTimeout(30_000);

const silent: StoreLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
const stores = createDynamoStores({ client, tables: tableNamesFromEnv(process.env), logger: silent });
const originalEnv = process.env;
const context = { getRemainingTimeInMillis: () => 29_000 };

afterAll(() => client.destroy());

describe.each(['lean', 'sdk'])('main.ts with the %s gateway adapter', (adapter) => {
  let api: ManagementApi;
  let main: typeof Main;

  beforeAll(async () => {
    api = await startManagementApi();
    process.env = { ...originalEnv, WEBSOCKET_ENDPOINT: api.endpoint, GATEWAY_ADAPTER: adapter, POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' };
    // A fresh module registry per adapter (main.ts keeps its handler per cold start). Not
    // isolateModules: the SDK adapter is loaded on the first call, after such a callback would end,
    // and would then see another registry's error classes.
    jest.resetModules();
    main = await import('./main');
  });
  afterAll(async () => {
    process.env = originalEnv;
    await api.close();
  });

  async function connect(): Promise<string> {
    const connectionId = `conn-${randomUUID()}`;
    const now = Date.now();
    await stores.connections.put({
      connectionId,
      userId: 'user-1',
      tenantId: 'tenant-1',
      status: 'CONNECTED',
      endpoint: api.endpoint,
      connectedAt: now,
      lastActiveAt: now,
      ttl: Math.floor(now / 1000) + 3600,
    });
    return connectionId;
  }

  it('answers ping with a signed post of pong', async () => {
    const connectionId = await connect();
    expect(await main.handler(messageEvent(connectionId, '{"id":"p-1","action":"ping"}'), context)).toEqual({ statusCode: 200 });
    expect(api.posted(connectionId)).toEqual([{ id: 'p-1', type: 'pong' }]);
    expect(api.calls.filter((c) => c.connectionId === connectionId).every((c) => c.signed)).toBe(true);
  });

  it('queues generate_report in DynamoDB and acks it', async () => {
    const connectionId = await connect();
    const frame = JSON.stringify({ id: 'r-1', action: 'generate_report', payload: { recordCount: 5000 } });
    await main.handler(messageEvent(connectionId, frame), context);
    const [ack] = api.posted(connectionId) as Array<{ type: string; requestId: string }>;
    expect(ack).toEqual({ id: 'r-1', type: 'ack', requestId: expect.any(String), status: 'queued' });
    expect(await stores.requests.get(ack?.requestId ?? '')).toMatchObject({ status: 'queued', userId: 'user-1', tenantId: 'tenant-1' });
  });

  it('tells a socket unknown to the store that it is not authenticated', async () => {
    const stranger = `conn-${randomUUID()}`;
    expect(await main.handler(messageEvent(stranger, '{"id":"x","action":"ping"}'), context)).toEqual({ statusCode: 200 });
    expect(api.posted(stranger)).toEqual([
      { id: 'x', type: 'error', success: false, error: expect.objectContaining({ code: 'UNAUTHORIZED' }) },
    ]);
  });

  it('answers 200 when the calling socket is gone, and the store learns it is disconnected', async () => {
    const connectionId = await connect();
    api.gone.add(connectionId);
    expect(await main.handler(messageEvent(connectionId, '{"id":"p","action":"ping"}'), context)).toEqual({ statusCode: 200 });
    expect(api.calls.filter((c) => c.connectionId === connectionId).map((c) => c.method)).toContain('POST');
    await until(async () => (await stores.connections.get(connectionId))?.status === 'DISCONNECTED');
  });
});

/** Waits (in small steps, bounded) for background work such as the gone-connection cleanup. */
async function until(condition: () => Promise<boolean>, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}
