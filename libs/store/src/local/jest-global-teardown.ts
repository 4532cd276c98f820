// Jest globalTeardown paired with jest-global-setup.ts (or jest-stack-dynamodb-setup.ts): stops the
// DynamoDB Local it started, or deletes the per-run tables it created on an external DYNAMODB_ENDPOINT or
// the run's shared one.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { takeHarnessState } from './shared-dynamodb-local';
import { deleteTables, localClientConfig } from './tables';

export default async function globalTeardown(): Promise<void> {
  const state = takeHarnessState();
  if (!state) return;
  if (state.stop) {
    await state.stop();
    return;
  }
  if (!state.tables) return;
  const client = new DynamoDBClient(localClientConfig(state.endpoint));
  try {
    await deleteTables(client, state.tables);
  } finally {
    client.destroy();
  }
}
