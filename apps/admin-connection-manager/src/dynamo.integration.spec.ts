// The listing, pagination, disconnect and cleanup paths against the real DynamoDB stores on the
// run's embedded DynamoDB Local (started by the store's Jest global setup), each test on fresh tables.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { RecordingLogger } from '@streamer/kernel/testing';
import type { TableNames } from '@streamer/store';
import { createDynamoDocumentClient, createDynamoStores } from '@streamer/store/dynamo';
import { createTables, deleteTables, localClientConfig } from '@streamer/store/local';
import { createHarness, type Harness, type HarnessOptions, HOUR } from './test-support/harness';

jest.setTimeout(30_000);

const config = localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? '');
const admin = new DynamoDBClient(config);
const doc = createDynamoDocumentClient(config);
let tables: TableNames;
let run = 0;

beforeEach(async () => {
  run += 1;
  const prefix = `admin-${process.pid}-${run}`;
  tables = { connections: `${prefix}-connections`, requests: `${prefix}-requests`, subscriptions: `${prefix}-subscriptions`, events: `${prefix}-events` };
  await createTables(admin, tables);
});

afterEach(() => deleteTables(admin, tables));

afterAll(() => {
  admin.destroy();
  doc.destroy();
});

function dynamoHarness(options: HarnessOptions = {}): Harness {
  const logger = new RecordingLogger();
  return createHarness({
    start: Date.now(),
    stores: (clock) => createDynamoStores({ client: doc, tables, clock, logger }),
    ...options,
  });
}

type Listing = { connections: { connectionId: string }[]; count: number; nextToken?: string };

describe('on DynamoDB', () => {
  it('get_all_connections walks every page exactly once and skips DISCONNECTED connections', async () => {
    const h = dynamoHarness();
    const expected: string[] = [];
    for (let i = 0; i < 45; i++) {
      await h.connect(`conn-${i}`, { tenantId: `t${i % 3}`, userId: `u${i % 4}` });
      expected.push(`conn-${i}`);
    }
    for (let i = 0; i < 8; i++) {
      await h.connect(`old-${i}`);
      await h.connections.markDisconnected(`old-${i}`);
    }

    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const response = await h.handler({ action: 'get_all_connections', limit: 7, ...(nextToken ? { nextToken } : {}) });
      expect(response.statusCode).toBe(200);
      const body = response.body as Listing;
      expect(body.count).toBeLessThanOrEqual(7);
      seen.push(...body.connections.map((c) => c.connectionId));
      nextToken = body.nextToken;
    } while (nextToken !== undefined);

    expect(new Set(seen).size).toBe(seen.length);
    expect([...seen].sort()).toEqual(expected.sort());
  });

  it('rejects edited tokens and tokens signed with another key with 400 "invalid nextToken"', async () => {
    const h = dynamoHarness();
    for (let i = 0; i < 4; i++) await h.connect(`c${i}`);
    const first = await h.handler({ action: 'get_all_connections', limit: 1 });
    const token = (first.body as Listing).nextToken as string;
    const [body, mac] = token.split('.') as [string, string];
    const edited = `${Buffer.from(JSON.stringify({ v: 1, k: { connectionId: 'c3' } })).toString('base64url')}.${mac}`;
    const otherKey = createDynamoStores({ client: doc, tables, pageTokenSecret: 'another-deployment' });
    const foreign = (await otherKey.connections.page({ limit: 1 })).nextToken as string;

    for (const nextToken of [edited, `${body}.${mac.slice(1)}`, foreign, 'garbage']) {
      const response = await h.handler({ action: 'get_all_connections', nextToken });
      expect(response).toEqual({ statusCode: 400, body: { code: 'INVALID_INPUT', message: 'invalid nextToken' } });
    }
    const genuine = await h.handler({ action: 'get_all_connections', nextToken: token });
    expect(genuine.statusCode).toBe(200);
  });

  it('lists a user and a tenant through their indexes', async () => {
    const h = dynamoHarness();
    await h.connect('a1', { userId: 'alice', tenantId: 'acme' });
    await h.connect('a2', { userId: 'alice', tenantId: 'acme' });
    await h.connect('b1', { userId: 'bob', tenantId: 'acme' });
    await h.connect('z1', { userId: 'zed', tenantId: 'other' });
    await h.connections.markDisconnected('a2');

    const user = await h.handler({ action: 'get_user_connections', userId: 'alice' });
    const tenant = await h.handler({ action: 'get_tenant_connections', tenantId: 'acme' });

    expect((user.body as Listing).connections.map((c) => c.connectionId)).toEqual(['a1']);
    expect((tenant.body as Listing).connections.map((c) => c.connectionId).sort()).toEqual(['a1', 'b1']);
  });

  it('disconnect_connection marks the item and closes the socket; unknown ids are 404', async () => {
    const h = dynamoHarness();
    await h.connect('c1');
    expect(await h.handler({ action: 'disconnect_connection', connectionId: 'c1' })).toEqual({
      statusCode: 200,
      body: { connectionId: 'c1', closed: true },
    });
    expect((await h.connections.get('c1'))?.status).toBe('DISCONNECTED');
    expect((await h.handler({ action: 'disconnect_connection', connectionId: 'nope' })).statusCode).toBe(404);
    expect((await h.handler({ action: 'update_connection_status', connectionId: 'nope', status: 'CONNECTED' })).statusCode).toBe(404);
  });

  it('cleanup disconnects stale and gone connections and keeps fresh ones', async () => {
    const h = dynamoHarness({ cleanupPageSize: 5, cleanupConcurrency: 3 });
    for (let i = 0; i < 12; i++) await h.connect(`stale-${i}`, { idleMs: HOUR + 60_000 });
    for (let i = 0; i < 9; i++) await h.connect(`fresh-${i}`, { idleMs: 60_000 });
    h.gateway.setStatus('fresh-2', 410).setStatus('fresh-7', 410);
    h.advance(60_000);

    const response = await h.handler({ action: 'cleanup_stale_connections' });

    expect(response.body).toMatchObject({ cleanedCount: 14, staleCount: 12, goneCount: 2, failedCount: 0, complete: true });
    const remaining = await h.handler({ action: 'get_all_connections', limit: 100 });
    expect((remaining.body as Listing).connections.map((c) => c.connectionId).sort()).toEqual(
      ['fresh-0', 'fresh-1', 'fresh-3', 'fresh-4', 'fresh-5', 'fresh-6', 'fresh-8'],
    );
    expect(h.gateway.maxInFlight).toBeLessThanOrEqual(3);
  });
});
