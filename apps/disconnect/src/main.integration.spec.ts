// main.ts as Lambda runs it: env → the DynamoDB stores on DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { silentLogger } from '@streamer/kernel';
import { tableNamesFromEnv } from '@streamer/store';
import { createDynamoDocumentClient, createDynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';
import type * as Main from './main';
import { disconnectEvent } from './test-support/events';

jest.setTimeout(30_000);

const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
const stores = createDynamoStores({ client, tables: tableNamesFromEnv(process.env), logger: silentLogger });
const originalEnv = process.env;

describe('main.ts against DynamoDB Local', () => {
  let main: typeof Main;

  beforeAll(async () => {
    process.env = { ...originalEnv, DISCONNECTED_TTL: '15m', POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' };
    await jest.isolateModulesAsync(async () => {
      main = await import('./main');
    });
  });
  afterAll(() => {
    process.env = originalEnv;
    client.destroy();
  });

  it('marks the connection disconnected and drops its subscriptions; a repeat is harmless', async () => {
    const connectionId = `conn-${randomUUID()}`;
    const tenantId = `tenant-${randomUUID()}`;
    const now = Date.now();
    await stores.connections.put({
      connectionId,
      userId: 'user-1',
      tenantId,
      status: 'CONNECTED',
      endpoint: 'https://abc123.execute-api.eu-west-1.amazonaws.com/prod',
      connectedAt: now,
      lastActiveAt: now,
      ttl: Math.floor(now / 1000) + 86_400,
    });
    await stores.subscriptions.add({ tenantId, topic: 'news', connectionId, userId: 'user-1' });
    expect(await main.handler(disconnectEvent(connectionId))).toEqual({ statusCode: 200 });
    const stored = await stores.connections.get(connectionId);
    expect(stored?.status).toBe('DISCONNECTED');
    expect(stored?.ttl).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 15 * 60);
    const left: string[] = [];
    for await (const s of stores.subscriptions.byTopic(tenantId, 'news')) left.push(s.connectionId);
    expect(left).toEqual([]);
    expect(await main.handler(disconnectEvent(connectionId))).toEqual({ statusCode: 200 });
    expect(await main.handler(disconnectEvent(`never-${randomUUID()}`))).toEqual({ statusCode: 200 });
  });
});
