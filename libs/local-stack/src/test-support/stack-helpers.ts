// Helpers for tests that run the whole stack: clients, admin queries and direct table reads.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, GetItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { StreamerClient } from '@streamer/client';
import { localClientConfig } from '@streamer/store/local';
import { WebSocket } from 'ws';
import type { LocalStack } from '../stack/start-local-stack';

/** A fresh state directory, so tests never touch the repository's .streamer/. */
export function tempStateDir(): string {
  return path.join(mkdtempSync(path.join(tmpdir(), 'streamer-local-')), '.streamer');
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

  async connectionCount(): Promise<number> {
    const { Count = 0 } = await this.client.send(new ScanCommand({ TableName: this.stack.tables.connections, Select: 'COUNT', ConsistentRead: true }));
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
