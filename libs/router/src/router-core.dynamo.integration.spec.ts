// The same store-backed router behaviours against DynamoDB Local (started by the store's Jest global
// setup, which exports DYNAMODB_ENDPOINT and the per-run table names).
import type { Logger as StoreLogger } from '@streamer/kernel';
import { tableNamesFromEnv } from '@streamer/store';
import { createDynamoDocumentClient, createDynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';
import { describeRouterCore } from './test-support/router-core-suite';

jest.setTimeout(30_000);

const client = createDynamoDocumentClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
const tables = tableNamesFromEnv(process.env);
const logger: StoreLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

afterAll(() => client.destroy());

describeRouterCore('DynamoDB Local', () => (clock) => createDynamoStores({ client, tables, clock, logger }));
