// A server-side publisher as a warm Lambda holds one: a connection manager on the stack's tables and
// management API (SigV4-signed over a keep-alive pool). Broadcast results are returned whole, also
// when some recipients failed.
import { BroadcastPartialFailureError, type BroadcastResult, type BroadcastTarget, createConnectionManager } from '@streamer/connection-manager';
import { SignedHttpGateway } from '@streamer/connection-manager/gateway';
import type { LocalStack } from '@streamer/local-stack';
import { createDynamoStores } from '@streamer/store/dynamo';
import { localClientConfig } from '@streamer/store/local';

export class Publisher {
  private readonly stores;
  private readonly gateway;
  private readonly manager;

  constructor(stack: LocalStack) {
    this.stores = createDynamoStores({ tables: stack.tables, clientConfig: localClientConfig(stack.dynamodbEndpoint, { region: stack.region }) });
    this.gateway = new SignedHttpGateway({ endpoint: stack.managementEndpoint, region: stack.region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    this.manager = createConnectionManager({ gateway: this.gateway, connections: this.stores.connections, subscriptions: this.stores.subscriptions });
  }

  broadcast(target: BroadcastTarget, message: unknown): Promise<BroadcastResult> {
    return this.manager.broadcast(target, message).catch((error: unknown) => {
      if (error instanceof BroadcastPartialFailureError) return error.result;
      throw error;
    });
  }

  async close(): Promise<void> {
    await this.manager.shutdown({ timeoutMs: 2_000 });
    this.gateway.close();
    this.stores.client.destroy();
  }
}
