// Jest globalSetup (test-harness code, so it may read and set process.env): one DynamoDB Local per
// Jest run (or the endpoint in DYNAMODB_ENDPOINT), tables with unique per-run names, and the
// endpoint + names handed to test workers through process.env:
//   DYNAMODB_ENDPOINT, CONNECTIONS_TABLE, REQUESTS_TABLE, SUBSCRIPTIONS_TABLE
// (plus AWS_REGION / AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY placeholders when unset and the
// emulator was started here). Pair it with jest-global-teardown.ts.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { type TableNames } from '../table-names';
import { localClientConfig } from './client-config';
import { createTables } from './create-tables';
import { type HarnessState, setHarnessState } from './harness-state';
import { startDynamoDbLocal } from './start-dynamodb-local';

export default async function globalSetup(): Promise<void> {
  const external = process.env['DYNAMODB_ENDPOINT'];
  const local = external ? undefined : await startDynamoDbLocal();
  const endpoint = external ?? (local as NonNullable<typeof local>).endpoint;
  const tables = perRunTableNames();
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
  exportToWorkers(state);
}

function perRunTableNames(): TableNames {
  const run = `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  return {
    connections: `streamer-test-${run}-connections`,
    requests: `streamer-test-${run}-requests`,
    subscriptions: `streamer-test-${run}-subscriptions`,
  };
}

function exportToWorkers(state: HarnessState): void {
  process.env['DYNAMODB_ENDPOINT'] = state.endpoint;
  process.env['CONNECTIONS_TABLE'] = state.tables.connections;
  process.env['REQUESTS_TABLE'] = state.tables.requests;
  process.env['SUBSCRIPTIONS_TABLE'] = state.tables.subscriptions;
  if (!state.external) {
    process.env['AWS_REGION'] ??= 'us-east-1';
    process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
    process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
  }
}
