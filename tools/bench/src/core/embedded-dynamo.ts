// DynamoDB Local (the embedded one from @streamer/store/local) with the three tables, and the env a
// Lambda bundle needs to use it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type TableNames } from '@streamer/store';
import { createTables, localClientConfig, startDynamoDbLocal } from '@streamer/store/local';

export interface EmbeddedDynamo {
  endpoint: string;
  tables: TableNames;
  /** Table names, endpoint, region and placeholder credentials as Lambda env variables. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startEmbeddedDynamo(prefix = 'bench'): Promise<EmbeddedDynamo> {
  const local = await startDynamoDbLocal();
  try {
    const tables: TableNames = { connections: `${prefix}-connections`, requests: `${prefix}-requests`, subscriptions: `${prefix}-subscriptions`, events: `${prefix}-events` };
    const client = new DynamoDBClient(localClientConfig(local.endpoint));
    await createTables(client, tables);
    client.destroy();
    return { endpoint: local.endpoint, tables, env: lambdaEnv(local.endpoint, tables), stop: () => local.stop() };
  } catch (error) {
    await local.stop();
    throw error;
  }
}

export function lambdaEnv(endpoint: string, tables: TableNames): Record<string, string> {
  return {
    CONNECTIONS_TABLE: tables.connections,
    REQUESTS_TABLE: tables.requests,
    SUBSCRIPTIONS_TABLE: tables.subscriptions,
    EVENTS_TABLE: tables.events,
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
