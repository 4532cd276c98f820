// main.ts as Lambda runs it: env → jose verifier (JWT_PUBLIC_KEY) and the DynamoDB store on DynamoDB Local.
import { randomUUID } from 'node:crypto';
import { createTestIssuer, type TestIssuer } from '@streamer/auth/testing';
import { silentLogger } from '@streamer/kernel';
import { tableNamesFromEnv } from '@streamer/store';
import { createDynamoDocumentClient, createDynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';
import type * as Main from './main';
import { connectEvent } from './test-support/events';

jest.setTimeout(30_000);

const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
const stores = createDynamoStores({ client, tables: tableNamesFromEnv(process.env), logger: silentLogger });
const originalEnv = process.env;

describe('main.ts against DynamoDB Local', () => {
  let issuer: TestIssuer;
  let main: typeof Main;

  beforeAll(async () => {
    issuer = await createTestIssuer({ issuer: 'https://auth.example.com', audience: 'streamer' });
    process.env = {
      ...originalEnv,
      JWT_PUBLIC_KEY: issuer.publicKeyPem,
      JWT_ISSUER: 'https://auth.example.com',
      JWT_AUDIENCE: 'streamer',
      CONNECTION_TTL: '2h',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
      POWERTOOLS_METRICS_DISABLED: 'true',
    };
    await jest.isolateModulesAsync(async () => {
      main = await import('./main');
    });
  });
  afterAll(() => {
    process.env = originalEnv;
    client.destroy();
  });

  it('stores the connection of a valid token', async () => {
    const connectionId = `conn-${randomUUID()}`;
    const token = await issuer.mint({ sub: 'user-42', tenant_id: 'acme' });
    const before = Date.now();
    expect(await main.handler(connectEvent({ connectionId, query: { Authorization: token } }))).toEqual({ statusCode: 200 });
    const stored = await stores.connections.get(connectionId);
    expect(stored).toMatchObject({ userId: 'user-42', tenantId: 'acme', status: 'CONNECTED' });
    expect(stored?.ttl).toBeGreaterThanOrEqual(Math.floor(before / 1000) + 7200);
  });

  it('refuses a token for another audience and stores nothing', async () => {
    const connectionId = `conn-${randomUUID()}`;
    const token = await issuer.mint({ aud: 'someone-else' });
    expect(await main.handler(connectEvent({ connectionId, query: { Authorization: token } }))).toEqual({ statusCode: 401 });
    expect(await stores.connections.get(connectionId)).toBeUndefined();
  });
});
