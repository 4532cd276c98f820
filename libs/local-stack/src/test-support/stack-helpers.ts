// Helpers for tests that run the whole stack: clients, admin queries and direct table reads.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { StreamerClient } from '@streamer/client';
import { type TableKind, tableEnvVar } from '@streamer/store';
import { localClientConfig } from '@streamer/store/local';
import { sharedDynamoDbEndpoint, testTableNames } from '@streamer/store/testing';
import { WebSocket } from 'ws';
import type { LocalStackOptions } from '../stack/settings';
import type { LocalStack } from '../stack/start-local-stack';

/** A fresh state directory, so tests never touch the repository's .streamer/. */
export function tempStateDir(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'streamer-local-')), '.streamer');
}

/**
 * A test's stack options: a free port, a fresh state directory and, when the test run shares one
 * DynamoDB Local (`npm test` names it in STREAMER_TEST_DYNAMODB_ENDPOINT), that one with tables of this
 * stack's own instead of a JVM per stack. Run alone, the stack starts its own DynamoDB Local as
 * `npm start` does. `options` go over these (their `env` merged over the table names).
 */
export function testStackOptions(label: string, options: LocalStackOptions = {}): LocalStackOptions {
  const endpoint = sharedDynamoDbEndpoint();
  const base: LocalStackOptions = { port: 0, stateDir: tempStateDir() };
  if (endpoint === undefined) return { ...base, ...options };
  const tables = Object.entries(testTableNames(label)).map(([kind, name]) => [tableEnvVar(kind as TableKind), name]);
  return {
    ...base,
    dynamodbEndpoint: endpoint,
    ...options,
    // DynamoDB Local takes any keys: the shell's AWS profile (if any) stays out of the stack.
    env: { ...Object.fromEntries(tables), AWS_PROFILE: undefined, ...options.env },
  };
}

export async function connectClient(stack: LocalStack, sub: string, tenant = 'tenant-1'): Promise<StreamerClient> {
  const client = new StreamerClient(stack.wsUrl, { token: await stack.token(sub, tenant), WebSocket, reconnect: false, heartbeatMs: 0 });
  await client.connect();
  return client;
}

export interface StoredConnection {
  connectionId: string;
  userId: string;
  tenantId: string;
  status: string;
}

/** The user's CONNECTED connections, through the admin Lambda. */
export async function userConnections(stack: LocalStack, userId: string): Promise<StoredConnection[]> {
  const response = (await stack.invokeAdmin({ action: 'get_user_connections', userId })) as { statusCode: number; body: { connections: StoredConnection[] } };
  if (response.statusCode !== 200) throw new Error(`get_user_connections answered ${response.statusCode}`);
  return response.body.connections;
}

export class TableReader {
  private readonly client: DynamoDBClient;

  constructor(private readonly stack: LocalStack) {
    this.client = new DynamoDBClient(localClientConfig(stack.dynamodbEndpoint, { region: stack.region }));
  }

  async connectionStatus(connectionId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.stack.tables.connections, Key: { connectionId: { S: connectionId } }, ConsistentRead: true }));
    return Item?.['status']?.S;
  }

  /** Connection items only: the quota items the table also holds carry no `status`. */
  async connectionCount(): Promise<number> {
    const input = { TableName: this.stack.tables.connections, Select: 'COUNT' as const, ConsistentRead: true, FilterExpression: 'attribute_exists(#s)', ExpressionAttributeNames: { '#s': 'status' } };
    const { Count = 0 } = await this.client.send(new ScanCommand(input));
    return Count;
  }

  async requestStatus(requestId: string): Promise<string | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.stack.tables.requests, Key: { requestId: { S: requestId } }, ConsistentRead: true }));
    return Item?.['status']?.S;
  }

  close(): void {
    this.client.destroy();
  }
}
