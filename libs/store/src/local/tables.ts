// DynamoDB Local (or any emulator that accepts any credentials): the client config for it, and the
// four tables created (or re-used) from the shared definitions, with TTL enabled. Idempotent.
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type DynamoDBClientConfig,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorName } from '../dynamo/table';
import { StoreError } from '../errors';
import { TABLE_DEFINITIONS, type TableDefinition, type TableNames, toCreateTableInput } from '../tables';

/**
 * Client config for DynamoDB Local (or any emulator that accepts any credentials): fixed region and
 * placeholder credentials, so no AWS account or credential chain is involved.
 */
export function localClientConfig(endpoint: string, overrides: DynamoDBClientConfig = {}): DynamoDBClientConfig {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...overrides,
  };
}

type Client = Pick<DynamoDBClient, 'send'>;

export async function createTables(client: Client, names: TableNames): Promise<void> {
  await Promise.all(TABLE_DEFINITIONS.map((def) => createTable(client, def, names[def.kind])));
}

export async function deleteTables(client: Client, names: TableNames): Promise<void> {
  await Promise.all(
    TABLE_DEFINITIONS.map(async (def) => {
      try {
        await client.send(new DeleteTableCommand({ TableName: names[def.kind] }));
      } catch (err) {
        if (errorName(err) !== 'ResourceNotFoundException') throw wrap(err, names[def.kind]);
      }
    }),
  );
}

async function createTable(client: Client, def: TableDefinition, tableName: string): Promise<void> {
  try {
    await client.send(new CreateTableCommand(toCreateTableInput(def, tableName)));
  } catch (err) {
    if (errorName(err) !== 'ResourceInUseException') throw wrap(err, tableName);
  }
  await waitUntilActive(client, tableName);
  await enableTtl(client, def, tableName);
}

async function waitUntilActive(client: Client, tableName: string, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await sleep(Math.min(50 * (i + 1), 1_000));
  }
  throw new StoreError(`Table ${tableName} did not become ACTIVE`);
}

async function enableTtl(client: Client, def: TableDefinition, tableName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
  const status = TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
    }),
  );
}

function wrap(err: unknown, tableName: string): StoreError {
  return new StoreError(`Could not set up table ${tableName}`, { cause: err, context: { table: tableName } });
}
