// Error translation against the real emulator: a table that does not exist.
import { createDynamoDocumentClient, createDynamoStores } from '../dynamo';
import { TableNotFoundError } from '../errors';
import { localClientConfig } from '../local/tables';
import { collect } from './contract-support';

jest.setTimeout(30_000);

describe('DynamoDB stores on a missing table', () => {
  const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
  const tables = { connections: 'absent-connections', requests: 'absent-requests', subscriptions: 'absent-subscriptions', events: 'absent-events' };
  const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  const stores = createDynamoStores({ client, tables, logger });

  afterAll(() => client.destroy());

  it.each([
    ['requests', () => stores.requests.get('r-1'), 'Table absent-requests not found (REQUESTS_TABLE)'],
    ['connections', () => collect(stores.connections.byUser('u-1')), 'Table absent-connections not found (CONNECTIONS_TABLE)'],
    ['subscriptions', () => stores.subscriptions.removeAllForConnection('c-1'), 'Table absent-subscriptions not found (SUBSCRIPTIONS_TABLE)'],
    ['events', () => stores.events.read({ tenantId: 't', topic: 'news', after: 0 }), 'Table absent-events not found (EVENTS_TABLE)'],
  ])('%s: TableNotFoundError naming the table and env var', async (_kind, call, message) => {
    const error: unknown = await call().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(TableNotFoundError);
    expect((error as Error).message).toBe(message);
  });
});
