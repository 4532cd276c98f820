// Jest globalSetup (test-harness code, so it may read and set process.env): the DynamoDB in
// DYNAMODB_ENDPOINT, else the test run's shared DynamoDB Local (STREAMER_TEST_DYNAMODB_ENDPOINT, set by
// `npm test`), else one DynamoDB Local started for this Jest run; tables with unique per-run names, and
// the endpoint + names handed to test workers through process.env:
//   DYNAMODB_ENDPOINT, CONNECTIONS_TABLE, REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE
// (plus AWS_REGION / AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY placeholders when unset and the
// emulator was started here). Pair it with jest-global-teardown.ts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from './dynamodb-local';
import { type HarnessState, setHarnessState, sharedDynamoDbEndpoint, testTableNames } from './shared-dynamodb-local';
import type { TableNames } from '../tables';
import { createTables, localClientConfig } from './tables';

export default async function globalSetup(): Promise<void> {
  const external = process.env['DYNAMODB_ENDPOINT'];
  const shared = external ? undefined : sharedDynamoDbEndpoint();
  const local = external || shared ? undefined : await startDynamoDbLocal();
  const endpoint = external ?? shared ?? (local as NonNullable<typeof local>).endpoint;
  const tables = testTableNames();
  const client = new DynamoDBClient(localClientConfig(endpoint));
  try {
    await createTables(client, tables);
  } catch (err) {
    await local?.stop();
    throw err;
  } finally {
    client.destroy();
  }
  const state: HarnessState = { endpoint, tables, stop: local?.stop, external: external !== undefined };
  setHarnessState(state);
  exportToWorkers({ ...state, tables });
}

function exportToWorkers(state: HarnessState & { tables: TableNames }): void {
  process.env['DYNAMODB_ENDPOINT'] = state.endpoint;
  process.env['CONNECTIONS_TABLE'] = state.tables.connections;
  process.env['REQUESTS_TABLE'] = state.tables.requests;
  process.env['SUBSCRIPTIONS_TABLE'] = state.tables.subscriptions;
  process.env['EVENTS_TABLE'] = state.tables.events;
  if (!state.external) {
    process.env['AWS_REGION'] ??= 'us-east-1';
    process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
    process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  }
}
