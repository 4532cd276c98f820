// DynamoDB-only behaviour of the idempotency guard items (the fakes have no such items).
import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { T0, uid } from '../contract/contract-support';
import { createDynamoDocumentClient, createDynamoStores } from '../dynamo';
import { localClientConfig } from '../local/tables';
import { idempotencyGuardKey, tableNamesFromEnv } from '../tables';

jest.setTimeout(30_000);

describe('DynamoRequestStore idempotency guards', () => {
  const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
  const tables = tableNamesFromEnv(process.env);
  const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const { requests } = createDynamoStores({ client, tables, logger, clock: () => T0 });
  const newRequest = (userId: string) => ({ requestId: uid('r'), connectionId: uid('c'), userId, tenantId: 't', clientId: 'c-1', action: 'a', payload: {} });
  const raw = async (requestId: string) => (await client.send(new GetCommand({ TableName: tables.requests, Key: { requestId } }))).Item;

  afterAll(() => client.destroy());

  it('writes a guard without status, user or connection, so streams, GSIs and scans skip it', async () => {
    const userId = uid('u#weird');
    const { request } = await requests.create(newRequest(userId));
    const guardKey = idempotencyGuardKey('t', userId, 'c-1');
    expect(await raw(guardKey)).toEqual({ requestId: guardKey, guardFor: request.requestId, ttl: request.ttl });
    expect(await requests.get(guardKey)).toBeUndefined();
  });

  it('replaces a guard whose request is gone', async () => {
    const userId = uid('u');
    const first = await requests.create(newRequest(userId));
    await client.send(new DeleteCommand({ TableName: tables.requests, Key: { requestId: first.request.requestId } }));
    const second = await requests.create(newRequest(userId));
    expect(second.created).toBe(true);
    expect((await raw(idempotencyGuardKey('t', userId, 'c-1')))?.['guardFor']).toBe(second.request.requestId);
  });

  it('lets exactly one of concurrent duplicates create the request', async () => {
    const userId = uid('u');
    const results = await Promise.all([1, 2, 3, 4].map(() => requests.create(newRequest(userId))));
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.request.requestId)).size).toBe(1);
  });
});
