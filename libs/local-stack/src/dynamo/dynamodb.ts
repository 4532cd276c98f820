// The stack's DynamoDB: DynamoDB Local started by the store's helper (in memory, random 127.0.0.1
// port), or the endpoint given (a shared DynamoDB Local, a real account). The three tables are
// created from the store's definitions when missing, the requests table with its stream.
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import type { TableNames } from '@streamer/store';
import { createTables, type DynamoDbLocal, localClientConfig, startDynamoDbLocal } from '@streamer/store/local';
import type { LocalLogger } from '../util/logger';

export interface StackDynamoDb {
  endpoint: string;
  /** True when DynamoDB Local was started for this stack (its data goes away with it). */
  embedded: boolean;
  /** Client settings for the stack's own clients (the streams poller). */
  clientConfig: DynamoDBClientConfig;
  stop(): Promise<void>;
}

export interface StackDynamoDbOptions {
  /** Use this endpoint instead of starting DynamoDB Local. */
  endpoint?: string;
  region: string;
  tables: TableNames;
  logger: LocalLogger;
  /** Extra client settings for another endpoint (credentials). */
  clientConfig?: DynamoDBClientConfig;
}

export async function startDynamoDb(options: StackDynamoDbOptions): Promise<StackDynamoDb> {
  const local: DynamoDbLocal | undefined = options.endpoint ? undefined : await startDynamoDbLocal({ logger: { debug: (message: unknown, ..._extra: unknown[]) => options.logger.debug(String(message)) } });
  const endpoint = options.endpoint ?? (local as DynamoDbLocal).endpoint;
  // DynamoDB Local takes any credentials; another endpoint gets what the caller configures.
  const clientConfig: DynamoDBClientConfig = local ? localClientConfig(endpoint, { region: options.region }) : { endpoint, region: options.region, ...options.clientConfig };
  const client = new DynamoDBClient(clientConfig);
  try {
    await createTables(client, options.tables);
  } catch (error) {
    await local?.stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, embedded: local !== undefined, clientConfig, stop: async () => local?.stop() };
}
