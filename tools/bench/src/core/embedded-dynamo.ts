// The run's DynamoDB with the store's tables, and the env a Lambda bundle needs to use it: DynamoDB Local
// (the embedded one from @streamer/store/local), or a DynamoDB the run was given (`--dynamodb-endpoint`,
// e.g. the test run's shared DynamoDB Local), where the tables get names of this run's own.
import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITIONS, tableEnvVar, type TableNames } from '@streamer/store';
import { createTables, type DynamoDbLocal, localClientConfig, startDynamoDbLocal } from '@streamer/store/local';

export interface EmbeddedDynamo {
  endpoint: string;
  tables: TableNames;
  /** Table names, endpoint, region and placeholder credentials as Lambda env variables. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

export async function startEmbeddedDynamo(prefix = 'bench', endpoint?: string): Promise<EmbeddedDynamo> {
  const local: DynamoDbLocal | undefined = endpoint ? undefined : await startDynamoDbLocal();
  const url = endpoint ?? (local as DynamoDbLocal).endpoint;
  try {
    const tables = tableNames(endpoint ? `${prefix}-${randomBytes(4).toString('hex')}` : prefix);
    const client = new DynamoDBClient(localClientConfig(url));
    await createTables(client, tables);
    client.destroy();
    return { endpoint: url, tables, env: lambdaEnv(url, tables), stop: async () => local?.stop() };
  } catch (error) {
    await local?.stop();
    throw error;
  }
}

/** `<prefix>-<kind>` for every table of the store. */
export function tableNames(prefix: string): TableNames {
  return Object.fromEntries(TABLE_DEFINITIONS.map((def) => [def.kind, `${prefix}-${def.kind}`])) as TableNames;
}

/** Each table's env variable (CONNECTIONS_TABLE, …) with its name. */
export function tableEnv(tables: TableNames): Record<string, string> {
  return Object.fromEntries(TABLE_DEFINITIONS.map((def) => [tableEnvVar(def.kind), tables[def.kind]]));
}

export function lambdaEnv(endpoint: string, tables: TableNames): Record<string, string> {
  return {
    ...tableEnv(tables),
    DYNAMODB_ENDPOINT: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
