// DynamoDB-only behaviour of the events table: publishers in several processes (several store
// instances, each with its own queue and remembered head) racing for one topic's seqs, and the
// stored item layout (head at seq 0, expiring events).
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { T0, uid } from '../contract/contract-support';
import { createDynamoDocumentClient, createDynamoStores } from '../dynamo';
import { localClientConfig } from '../local/tables';
import { subscriptionTopicKey, tableNamesFromEnv } from '../tables';

jest.setTimeout(60_000);

describe('DynamoTopicEventStore', () => {
  const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
  const tables = tableNamesFromEnv(process.env);
  const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const instance = () => createDynamoStores({ client, tables, logger, clock: () => T0 }).events;

  afterAll(() => client.destroy());

  it('gives publishers in three processes gap-free, distinct seqs on one topic', async () => {
    const tenantId = uid('t');
    const appends = [instance(), instance(), instance()].flatMap((process) =>
      Array.from({ length: 8 }, (_, i) => process.append({ tenantId, topic: 'race', data: { i }, retentionSeconds: 3600 })),
    );
    const seqs = (await Promise.all(appends)).map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const { events, head, truncated } = await instance().read({ tenantId, topic: 'race', after: 0 });
    expect({ head, truncated, count: events.length }).toEqual({ head: 24, truncated: false, count: 24 });
  });

  it('keeps the head at seq 0 without a ttl and each event with one', async () => {
    const tenantId = uid('t');
    await instance().append({ tenantId, topic: 'layout', data: { a: [1, {}] }, retentionSeconds: 60 });
    const get = async (seq: number) =>
      (await client.send(new GetCommand({ TableName: tables.events, Key: { topic: subscriptionTopicKey(tenantId, 'layout'), seq } }))).Item;
    expect(await get(0)).toEqual({ topic: subscriptionTopicKey(tenantId, 'layout'), seq: 0, latest: 1 });
    expect(await get(1)).toEqual({
      topic: subscriptionTopicKey(tenantId, 'layout'),
      seq: 1,
      tenantId,
      topicName: 'layout',
      data: '{"a":[1,{}]}',
      publishedAt: T0,
      ttl: Math.floor(T0 / 1000) + 60,
    });
  });
});
