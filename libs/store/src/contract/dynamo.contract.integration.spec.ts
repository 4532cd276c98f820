// The same contract suites, against the DynamoDB stores on the run's DynamoDB Local (jest globalSetup).
import type { Logger } from '@streamer/kernel';
import { createDynamoDocumentClient, createDynamoStores } from '../dynamo';
import { localClientConfig } from '../local/tables';
import { tableNamesFromEnv } from '../tables';
import { describeConnectionStoreContract } from './connection-store.contract';
import { describeLifecycleContract } from './lifecycle.contract';
import { describeLongJobContract } from './long-jobs.contract';
import { describeRequestStoreContract } from './request-store.contract';
import { describeSubscriptionStoreContract } from './subscription-store.contract';
import { describeTopicEventStoreContract } from './topic-event-store.contract';

jest.setTimeout(30_000);

const endpoint = process.env['DYNAMODB_ENDPOINT'] ?? '';
const client = createDynamoDocumentClient(localClientConfig(endpoint));
const tables = tableNamesFromEnv(process.env);
const logger: Logger = { debug: jest.fn(), info: jest.fn(), warn: jest.fn(), error: jest.fn() };
const stores = (clock: () => number) => createDynamoStores({ client, tables, clock, logger });

afterAll(() => client.destroy());

describeConnectionStoreContract('DynamoDB', (clock) => stores(clock).connections);
describeRequestStoreContract('DynamoDB', (clock) => stores(clock).requests);
describeLongJobContract('DynamoDB', (clock) => stores(clock).requests);
describeSubscriptionStoreContract('DynamoDB', (clock) => stores(clock).subscriptions);
describeLifecycleContract('DynamoDB', (clock) => stores(clock));
describeTopicEventStoreContract('DynamoDB', (clock) => stores(clock).events);
