// The same contract suites, against the DynamoDB stores on the run's DynamoDB Local (jest globalSetup).
import type { Logger } from '@streamer/kernel';
import { createDynamoDocumentClient, createDynamoStores } from '../dynamo';
import { countCalls } from '../local/call-counter';
import { localClientConfig } from '../local/tables';
import { tableNamesFromEnv } from '../tables';
import { describeConnectionStoreContract } from './connection-store.contract';
import { describeLifecycleContract } from './lifecycle.contract';
import { describeLongJobContract } from './long-jobs.contract';
import { describeQuotaStoreContract } from './quota-store.contract';
import { describeRequestStoreContract } from './request-store.contract';
import { describeSubscriptionStoreContract } from './subscription-store.contract';
import { describeTopicEventStoreContract } from './topic-event-store.contract';

jest.setTimeout(30_000);

const endpoint = process.env['DYNAMODB_ENDPOINT'] ?? '';
const client = createDynamoDocumentClient(localClientConfig(endpoint));
const tables = tableNamesFromEnv(process.env);
const logger: Logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const stores = (clock: () => number) => createDynamoStores({ client, tables, clock, logger });

// The quota suite's own client, so its UpdateItems can be counted (the rate tests make no other writes).
const quotaClient = createDynamoDocumentClient(localClientConfig(endpoint));
const quotaCalls = countCalls(quotaClient);
let quotaWrites = 0;
const quotaStores = (clock: () => number) => {
  const environment = () => createDynamoStores({ client: quotaClient, tables, clock, logger });
  const rateWrites = () => (quotaWrites += quotaCalls.take().filter((call) => call.operation === 'UpdateItem').length);
  return { ...environment(), environment: () => environment().quotas, rateWrites };
};

afterAll(() => {
  client.destroy();
  quotaClient.destroy();
});

describeConnectionStoreContract('DynamoDB', (clock) => stores(clock).connections);
describeRequestStoreContract('DynamoDB', (clock) => stores(clock).requests);
describeLongJobContract('DynamoDB', (clock) => stores(clock).requests);
describeSubscriptionStoreContract('DynamoDB', (clock) => stores(clock).subscriptions);
describeLifecycleContract('DynamoDB', (clock) => stores(clock));
describeTopicEventStoreContract('DynamoDB', (clock) => stores(clock).events);
describeQuotaStoreContract('DynamoDB', quotaStores, { numRuns: 6 });
