// The isolation model's operations on the local stack over real sockets: each model socket is a
// WireClient with a token for its (tenant, user); requests run through the real stream and processor;
// broadcasts go through a connection manager on the stack's tables and management API.
import type { LocalStack } from '@streamer/local-stack';
import type { ServerMessage } from '@streamer/protocol';
import type { RequestRecord } from '@streamer/store';
import type { IsolationSystem, ModelSocket } from './isolation-model';
import type { Publisher } from '../soak/publisher';
import type { Tables } from './tables';
import { waitFor } from '@streamer/kernel/testing';
import { WireClient } from './wire-client';

const TERMINAL = ['completed', 'failed', 'cancelled'];

export class WireSystem implements IsolationSystem {
  private readonly clients = new Map<string, WireClient>();
  private readonly models: ModelSocket[] = [];
  private readonly acked = new Set<string>();
  private pings = 0;

  constructor(
    private readonly stack: LocalStack,
    private readonly tables: Tables,
    private readonly publisher: Publisher,
    private readonly prefix: string,
  ) {}

  async connect(tenantId: string, userId: string): Promise<ModelSocket> {
    const client = await WireClient.open(this.stack.wsUrl, await this.stack.token(userId, tenantId));
    const key = `${this.prefix}-${this.models.length + 1}`;
    this.clients.set(key, client);
    const model: ModelSocket = {
      key,
      tenantId,
      userId,
      get open() {
        return client.isOpen;
      },
      get received() {
        return client.messages();
      },
    };
    this.models.push(model);
    return model;
  }

  async disconnect(socket: ModelSocket): Promise<void> {
    await this.client(socket).close();
  }

  async send(socket: ModelSocket, frame: { id: string; action: string; payload?: object }): Promise<ServerMessage> {
    const reply = await this.client(socket).call(frame, 15_000);
    if (reply.type === 'ack') this.acked.add(reply.requestId);
    return reply;
  }

  /** Every acked request settled in the table, then a ping through every open socket (frames arrive in order). */
  async settle(): Promise<void> {
    await waitFor(
      async () => {
        const records = await Promise.all([...this.acked].map((id) => this.tables.request(id)));
        return records.every((r) => r !== undefined && TERMINAL.includes(r.status)) || undefined;
      },
      'every acked request to settle',
      60_000,
      100,
    );
    // Terminal messages are sent after the outcome is stored: let the sockets go quiet, then a ping
    // through each open socket comes back after everything sent to it before.
    let seen = -1;
    for (let rounds = 0; rounds < 20 && seen !== this.receivedCount(); rounds += 1) {
      seen = this.receivedCount();
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await Promise.all([...this.clients.values()].filter((c) => c.isOpen).map((c) => this.ping(c)));
  }

  async broadcast(tenantId: string, topic: string | undefined, data: object): Promise<void> {
    const target = topic === undefined ? { tenantId } : { tenantId, topic };
    await this.publisher.broadcast(target, { type: 'event', topic: topic ?? 'tenant', data });
  }

  request(requestId: string): Promise<RequestRecord | undefined> {
    return this.tables.request(requestId);
  }

  sockets(): ModelSocket[] {
    return [...this.models];
  }

  async close(): Promise<void> {
    await Promise.all([...this.clients.values()].map((c) => c.close()));
  }

  private receivedCount(): number {
    return [...this.clients.values()].reduce((n, c) => n + c.received.length, 0);
  }

  private async ping(client: WireClient): Promise<void> {
    this.pings += 1;
    await client.call({ id: `ping-${this.prefix}-${this.pings}`, action: 'ping' }, 15_000);
  }

  private client(socket: ModelSocket): WireClient {
    const client = this.clients.get(socket.key);
    if (!client) throw new Error(`no socket ${socket.key}`);
    return client;
  }
}
