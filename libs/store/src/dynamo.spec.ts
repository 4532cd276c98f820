import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
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
