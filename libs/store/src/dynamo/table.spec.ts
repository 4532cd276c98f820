import {
  ConditionalCheckFailedException,
  InternalServerError,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
  ResourceNotFoundException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { collect } from '../contract/contract-support';
import {
  ConditionConflictError,
  StoreError,
  StoreThrottledError,
  StoreUnavailableError,
  TableNotFoundError,
} from '../errors';
import { createDynamoDocumentClient, createDynamoStores } from '../dynamo';

const $metadata = {};
const tables = { connections: 'conn-t', requests: 'req-t', subscriptions: 'sub-t', events: 'ev-t' };
const logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };

describe('SDK error translation at the store boundary', () => {
  const client = createDynamoDocumentClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
  const mock = mockClient(DynamoDBDocumentClient);
  const stores = createDynamoStores({ client, tables, logger });

  afterEach(() => mock.reset());
  afterAll(() => mock.restore());

  async function failure(promise: Promise<unknown>): Promise<StoreError> {
    const error: unknown = await promise.then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    return error as StoreError;
  }

  it.each([
    ['ProvisionedThroughputExceededException', new ProvisionedThroughputExceededException({ message: 'slow down', $metadata })],
    ['ThrottlingException', new ThrottlingException({ message: 'slow down', $metadata })],
    ['RequestLimitExceeded', new RequestLimitExceeded({ message: 'slow down', $metadata })],
  ])('turns %s into a retryable StoreThrottledError that keeps the cause', async (_name, sdkError) => {
    mock.on(GetCommand).rejects(sdkError);
    const error = await failure(stores.requests.get('r-1'));
    expect(error).toBeInstanceOf(StoreThrottledError);
    expect(error).toMatchObject({ retryable: true, cause: sdkError, context: { table: 'req-t', operation: 'requests.get', requestId: 'r-1' } });
    expect(logger.warn).toHaveBeenCalled();
  });

  it('names the table and its env var when a table is missing', async () => {
    mock.on(QueryCommand).rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata }));
    const error = await failure(collect(stores.connections.byTenant('t-1')));
    expect(error).toBeInstanceOf(TableNotFoundError);
    expect(error.message).toBe('Table conn-t not found (CONNECTIONS_TABLE)');
    expect(error.context).toMatchObject({ table: 'conn-t', envVar: 'CONNECTIONS_TABLE' });
  });

  it('turns a failed condition into ConditionConflictError with the status found', async () => {
    const Item = { requestId: { S: 'r-1' }, status: { S: 'completed' } };
    mock.on(UpdateCommand).rejects(new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata, Item }));
    const error = await failure(stores.requests.cancel('r-1'));
    expect(error).toBeInstanceOf(ConditionConflictError);
    expect(error).toMatchObject({ requestId: 'r-1', currentStatus: 'completed', retryable: false });
  });

  it('treats a transaction cancelled by a concurrent transaction as retryable throttling', async () => {
    const reasons = [{ Code: 'TransactionConflict' }, { Code: 'None' }];
    mock.on(TransactWriteCommand).rejects(new TransactionCanceledException({ message: 'cancelled', $metadata, CancellationReasons: reasons }));
    const request = { requestId: 'r-1', connectionId: 'c', userId: 'u', tenantId: 't', clientId: 'x', action: 'a', payload: {} };
    expect(await failure(stores.requests.create(request))).toBeInstanceOf(StoreThrottledError);
  });

  it('marks server faults retryable and wraps anything else with its cause', async () => {
    mock.on(GetCommand).rejectsOnce(new InternalServerError({ message: 'oops', $metadata })).rejectsOnce(new TypeError('bad input'));
    const unavailable = await failure(stores.connections.get('c-1'));
    expect(unavailable).toBeInstanceOf(StoreUnavailableError);
    expect(unavailable.retryable).toBe(true);
    const other = await failure(stores.connections.get('c-1'));
    expect(other.constructor).toBe(StoreError);
    expect(other).toMatchObject({ retryable: false, message: 'connections.get failed: TypeError' });
    expect(other.cause).toBeInstanceOf(TypeError);
  });
});
