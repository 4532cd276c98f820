// Round trips and item writes of the hot-path operations, counted by a middleware on the client
// against DynamoDB Local: a frame is admitted with one UpdateItem, $disconnect is one UpdateItem
// without subscriptions and one more BatchWriteItem with them. A round trip that comes back fails here.
import type { Logger } from '@streamer/kernel';
import { createDynamoDocumentClient, createDynamoStores } from '../dynamo';
import { ConnectionLifecycle } from '../lifecycle';
import { callsByOperation, countCalls } from '../local/call-counter';
import { localClientConfig } from '../local/tables';
import { tableNamesFromEnv } from '../tables';
import { connection, T0, uid } from '../contract/contract-support';

jest.setTimeout(30_000);

const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
const counter = countCalls(client, { consumedCapacity: true });
const logger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const stores = createDynamoStores({ client, tables: tableNamesFromEnv(process.env), clock: () => T0, logger });
const lifecycle = new ConnectionLifecycle(stores);
const bucket = { ratePerSecond: 10, burst: 40 };

afterAll(() => client.destroy());

async function connected(): Promise<string> {
  const connectionId = uid('rt');
  await stores.connections.put(connection({ connectionId, tenantId: 'acme' }));
  counter.take();
  return connectionId;
}

describe('store round trips per hot-path operation (DynamoDB Local)', () => {
  it('admits a frame with one UpdateItem, idle bucket or busy one, and returns the connection', async () => {
    const connectionId = await connected();
    for (const at of [T0, T0 + 1, T0 + 2, T0 + 10_000]) {
      const { connection: admitted, decision } = await stores.connections.admit(connectionId, bucket, at);
      expect({ connectionId: admitted.connectionId, allowed: decision.allowed }).toEqual({ connectionId, allowed: true });
      expect(callsByOperation(counter.take())).toEqual({ UpdateItem: 1 });
    }
  });

  it('refuses a DISCONNECTED or unknown connection in that one UpdateItem too', async () => {
    const connectionId = await connected();
    await stores.connections.markDisconnected(connectionId, { at: T0 });
    counter.take();
    expect((await stores.connections.admit(connectionId, bucket, T0)).connection.status).toBe('DISCONNECTED');
    await expect(stores.connections.admit(uid('missing'), bucket, T0)).rejects.toThrow('not found');
    expect(callsByOperation(counter.take())).toEqual({ UpdateItem: 2 });
  });

  it('retires a connection without subscriptions in one round trip and one with them in two', async () => {
    const bare = await connected();
    await lifecycle.retire(bare, { at: T0 });
    expect(callsByOperation(counter.take())).toEqual({ UpdateItem: 1 });

    const subscribed = await connected();
    for (const topic of ['news', 'reports']) await stores.subscriptions.add({ tenantId: 'acme', topic, connectionId: subscribed, userId: 'user-1' });
    counter.take();
    expect(await lifecycle.retire(subscribed, { at: T0 })).toMatchObject({ subscriptionsRemoved: 2 });
    expect(callsByOperation(counter.take())).toEqual({ UpdateItem: 1, BatchWriteItem: 1 });
  });

  it('writes one item per admitted frame: the rate-limit state and the topics reach neither index', async () => {
    const connectionId = uid('rt');
    await stores.connections.put(connection({ connectionId, tenantId: 'acme' }));
    // DynamoDB Local reports index capacity (ReturnConsumedCapacity: INDEXES): the put writes the user and
    // tenant indexes, and the activity index of CONNECTED connections (the cleanup's walk).
    expect(counter.take()[0]?.indexWriteUnits).toEqual({ UserIdIndex: 1, TenantIdIndex: 1, ConnectedActivityIndex: 1 });
    await stores.subscriptions.add({ tenantId: 'acme', topic: 'news', connectionId, userId: 'user-1' });
    // the topic onto the connection item (no index), then the subscription item (its own KEYS_ONLY index)
    expect(counter.take().map((c) => c.indexWriteUnits)).toEqual([{}, { ConnectionIdIndex: 1 }]);
    for (const at of [T0, T0 + 1]) {
      await stores.connections.admit(connectionId, bucket, at);
      expect(counter.take().map(({ tableWriteUnits, indexWriteUnits }) => ({ tableWriteUnits, indexWriteUnits }))).toEqual([{ tableWriteUnits: 1, indexWriteUnits: {} }]);
    }
  });
});
