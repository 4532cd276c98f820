// The paging iterators' read-ahead and the broadcast recipient queries, against a scripted document
// client: which Query each page sends, when the next one is sent, and that nothing is left in flight.
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createDynamoDocumentClient, createDynamoStores } from '../dynamo';

const tables = { connections: 'conn-t', requests: 'req-t', subscriptions: 'sub-t', events: 'ev-t' };
const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

interface Deferred {
  resolve: (page: { Items: Record<string, unknown>[]; LastEvaluatedKey?: Record<string, unknown> }) => void;
  reject: (error: unknown) => void;
}

describe('paging iterators', () => {
  const client = createDynamoDocumentClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(DynamoDBDocumentClient);
  const stores = createDynamoStores({ client, tables, logger });
  let requests: Deferred[];

  beforeEach(() => {
    requests = [];
    mock.on(QueryCommand).callsFake(() => new Promise((resolve, reject) => requests.push({ resolve, reject })));
  });
  afterEach(() => mock.reset());
  afterAll(() => mock.restore());

  const flush = () => new Promise((resolve) => setImmediate(resolve));
  const page = (ids: string[], last?: string) => ({ Items: ids.map((connectionId) => ({ connectionId })), ...(last ? { LastEvaluatedKey: { connectionId: last } } : {}) });

  it('asks for the next page as soon as a page arrives, before the caller is done with it', async () => {
    const iterator = stores.connections.connectedIds({ tenantId: 't1' })[Symbol.asyncIterator]();
    const first = iterator.next();
    await flush();
    expect(requests).toHaveLength(1);
    requests[0]?.resolve(page(['a', 'b'], 'b'));
    await expect(first).resolves.toEqual({ done: false, value: ['a', 'b'] });
    await flush();
    // The caller still holds page one; page two is already on its way.
    expect(requests).toHaveLength(2);
    requests[1]?.resolve(page(['c']));
    await expect(iterator.next()).resolves.toEqual({ done: false, value: ['c'] });
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
    expect(requests).toHaveLength(2);
  });

  it('reads recipients as ids only, the first page small', async () => {
    const iterator = stores.connections.connectedIds({ tenantId: 't1', userId: 'u1' })[Symbol.asyncIterator]();
    const first = iterator.next();
    await flush();
    requests[0]?.resolve(page(['a']));
    await first;
    const input = mock.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ IndexName: 'UserIdIndex', ProjectionExpression: '#id', FilterExpression: '#tenant = :tenant' });
    expect(input?.ExpressionAttributeNames).toMatchObject({ '#id': 'connectionId', '#tenant': 'tenantId' });
    expect(input?.Limit).toBe(500);
  });

  it('ramps the pages of an id query up: 500, then 2000, then as many as DynamoDB returns (1 MB)', async () => {
    const iterator = stores.connections.connectedIds({ tenantId: 't1' })[Symbol.asyncIterator]();
    for (let i = 0; i < 4; i++) {
      const next = iterator.next();
      await flush();
      requests[i]?.resolve(page([`c${i}`], i < 3 ? `c${i}` : undefined));
      await next;
    }
    expect(mock.commandCalls(QueryCommand).map((call) => call.args[0].input.Limit)).toEqual([500, 2000, undefined, undefined]);
  });

  it('reads topic subscribers as ids only', async () => {
    const ids = stores.subscriptions.subscriberIds('t1', 'news', { pageSize: 500 })[Symbol.asyncIterator]();
    const first = ids.next();
    await flush();
    requests[0]?.resolve(page(['a', 'b']));
    await expect(first).resolves.toEqual({ done: false, value: ['a', 'b'] });
    expect(mock.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({ ProjectionExpression: 'connectionId', Limit: 500 });
  });

  it('waits for the page read ahead when the caller stops early, and swallows its failure', async () => {
    const iterator = stores.connections.byTenant('t1', { pageSize: 2 })[Symbol.asyncIterator]();
    const first = iterator.next();
    await flush();
    requests[0]?.resolve(page(['a', 'b'], 'b'));
    await first;
    await flush();
    expect(requests).toHaveLength(2);
    let returned = false;
    const stopping = iterator.return?.(undefined).then(() => (returned = true));
    await flush();
    expect(returned).toBe(false);
    requests[1]?.reject(Object.assign(new Error('boom'), { name: 'InternalServerError' }));
    await stopping;
    expect(returned).toBe(true);
  });

  it('passes a failed page to the caller as a store error, after the pages before it', async () => {
    const iterator = stores.connections.connectedIds({ tenantId: 't1' })[Symbol.asyncIterator]();
    const first = iterator.next();
    await flush();
    requests[0]?.resolve(page(['a'], 'a'));
    await first;
    await flush();
    requests[1]?.reject(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    await expect(iterator.next()).rejects.toMatchObject({ name: 'StoreThrottledError' });
  });
});
