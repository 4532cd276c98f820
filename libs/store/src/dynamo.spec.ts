import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { HttpResponse } from '@smithy/protocol-http';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { InvalidPageTokenError } from './errors';
import { createDynamoDocumentClient, createDynamoStores } from './dynamo';

const clientConfig = { region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } };
const tables = (prefix: string) => ({ connections: `${prefix}-c`, requests: `${prefix}-r`, subscriptions: `${prefix}-s`, events: `${prefix}-e` });
const quietLogger = () => ({ debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() });

describe('createDynamoStores', () => {
  it('warns when the injected document client would reject undefined fields', () => {
    const logger = quietLogger();
    createDynamoStores({ client: DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig)), tables: tables('a'), logger });
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('removeUndefinedValues'));
    const fine = quietLogger();
    createDynamoStores({ client: createDynamoDocumentClient(clientConfig), tables: tables('a'), logger: fine });
    expect(fine.warn).not.toHaveBeenCalled();
  });

  describe('admin page tokens', () => {
    const mock = mockClient(DynamoDBDocumentClient);
    const client = createDynamoDocumentClient(clientConfig);
    const item = { connectionId: 'c-1', userId: 'u', tenantId: 't', status: 'CONNECTED', endpoint: 'e', connectedAt: 1, lastActiveAt: 1, ttl: 1 };

    beforeEach(() => mock.on(ScanCommand).resolves({ Items: [item], LastEvaluatedKey: { connectionId: 'c-1' } }));
    afterAll(() => mock.restore());

    it('resume only on the table that issued them', async () => {
      const a = createDynamoStores({ client, tables: tables('a'), logger: quietLogger() }).connections;
      const b = createDynamoStores({ client, tables: tables('b'), logger: quietLogger() }).connections;
      const { nextToken } = await a.page({ limit: 1 });
      await expect(a.page({ limit: 1, nextToken })).resolves.toMatchObject({ items: [item] });
      expect(mock.commandCalls(ScanCommand)[1]?.args[0].input.ExclusiveStartKey).toEqual({ connectionId: 'c-1' });
      await expect(b.page({ limit: 1, nextToken })).rejects.toBeInstanceOf(InvalidPageTokenError);
    });

    it('are bound to the configured secret', async () => {
      const signed = createDynamoStores({ client, tables: tables('a'), logger: quietLogger(), pageTokenSecret: 'k1' }).connections;
      const other = createDynamoStores({ client, tables: tables('a'), logger: quietLogger(), pageTokenSecret: 'k2' }).connections;
      const { nextToken } = await signed.page({ limit: 1 });
      await expect(other.page({ limit: 1, nextToken })).rejects.toBeInstanceOf(InvalidPageTokenError);
    });
  });
});

describe('createDynamoDocumentClient', () => {
  /** A request handler that answers every call with one item, without a network. */
  const answering = { handle: async () => ({ response: new HttpResponse({ statusCode: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: Readable.from([Buffer.from('{"Item":{"id":{"S":"a"}}}')]) }) }) };

  it('drops the SDK logger middleware when no SDK logger is configured, and still answers', async () => {
    const client = createDynamoDocumentClient({ ...clientConfig, requestHandler: answering });
    expect(client.middlewareStack.identify().some((name) => name.startsWith('loggerMiddleware'))).toBe(false);
    await expect(client.send(new GetCommand({ TableName: 't', Key: { id: 'a' } }))).resolves.toMatchObject({ Item: { id: 'a' } });
  });

  it('keeps it for a configured SDK logger, which still sees every call', async () => {
    const logger = quietLogger();
    const client = createDynamoDocumentClient({ ...clientConfig, requestHandler: answering, logger });
    await client.send(new GetCommand({ TableName: 't', Key: { id: 'a' } }));
    expect(logger.info).toHaveBeenCalledWith(expect.objectContaining({ commandName: 'GetItemCommand', output: expect.objectContaining({ Item: { id: 'a' } }) }));
  });
});
