// The whole request path composed from the libs as the Lambda apps compose them, on in-memory stores:
// the router (`$default`), the processor (stream and retry batches), the connection manager
// (broadcasts), and $connect/$disconnect reduced to what they store. Sockets are mailboxes, so a
// property test can run thousands of operations in seconds and read exactly what each socket got.
import { type ConnectionManager, createConnectionManager, createPublisher, GatewayError, type GatewayPort } from '@streamer/connection-manager';
import { createRegistry } from '@streamer/handlers';
import { createProcessor, type Processor } from '@streamer/processor';
import { FakeRetryQueue, streamInsertEvent } from '@streamer/processor/testing';
import type { ServerMessage } from '@streamer/protocol';
import { createRouter, type Router } from '@streamer/router';
import type { RequestRecord } from '@streamer/store';
import { createInMemoryStores, type InMemoryStores } from '@streamer/store/testing';
import type { IsolationSystem, ModelSocket } from './isolation-model';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

interface Socket extends ModelSocket {
  open: boolean;
  received: ServerMessage[];
}

export class MemorySystem implements IsolationSystem {
  readonly stores: InMemoryStores;
  private readonly byConnection = new Map<string, Socket>();
  private readonly router: Router;
  private readonly processor: Processor;
  private readonly manager: ConnectionManager;
  private readonly retries = new FakeRetryQueue();
  private readonly queued: string[] = [];
  private now = Date.UTC(2026, 0, 1);
  private connections = 0;

  constructor() {
    const clock = (): number => this.now;
    this.stores = createInMemoryStores({ clock });
    const registry = createRegistry({ reportStepMs: 0 });
    const deliver = async (connectionId: string, message: ServerMessage): Promise<void> => this.deliver(connectionId, message);
    this.manager = createConnectionManager({ gateway: this.gateway(), connections: this.stores.connections, subscriptions: this.stores.subscriptions, clock: { now: clock }, logger: quiet, cacheTtlMs: 0, sleep: async () => undefined });
    const publisher = createPublisher({ manager: this.manager, events: this.stores.events, connections: this.stores.connections, clock: { now: clock } });
    this.router = createRouter({ registry, stores: this.stores, sender: { send: deliver }, publisher, clock: { now: clock }, logger: quiet, rateLimit: { ratePerSecond: 1_000, burst: 1_000 } });
    this.processor = createProcessor({ registry, requests: this.stores.requests, sender: { send: deliver }, publisher, retryQueue: this.retries, clock: { now: clock }, logger: quiet, cancelPollMs: 0, retryDelayMs: 0, terminalDeliveryDelayMs: 0 });
  }

  /** `$connect` with a verified token for (tenant, user): the stored connection, and its socket. */
  async connect(tenantId: string, userId: string): Promise<Socket> {
    this.connections += 1;
    const connectionId = `conn-${this.connections}`;
    await this.stores.connections.put({ connectionId, userId, tenantId, status: 'CONNECTED', endpoint: 'https://local/test', connectedAt: this.now, lastActiveAt: this.now, ttl: Math.floor(this.now / 1000) + 3600 });
    const socket: Socket = { key: connectionId, tenantId, userId, open: true, received: [] };
    this.byConnection.set(connectionId, socket);
    return socket;
  }

  /** `$disconnect`: the socket is gone, the connection marked, its subscriptions dropped. */
  async disconnect(socket: ModelSocket): Promise<void> {
    const own = this.byConnection.get(socket.key);
    if (own) own.open = false;
    await this.stores.connections.markDisconnected(socket.key, { at: this.now, ttl: Math.floor(this.now / 1000) + 60 });
    await this.stores.subscriptions.removeAllForConnection(socket.key);
  }

  /** A frame from the socket through `$default`; new queued requests wait for `settle()`. */
  async send(socket: ModelSocket, frame: object): Promise<ServerMessage> {
    this.now += 10;
    const { reply } = await this.router.route({ connectionId: socket.key, body: JSON.stringify(frame), remainingTimeMs: 30_000 });
    if (reply.type === 'ack' && reply.status === 'queued' && !this.queued.includes(reply.requestId)) this.queued.push(reply.requestId);
    return reply;
  }

  /** Runs what the requests stream and the retry queue would deliver, until nothing is left. */
  async settle(): Promise<void> {
    for (let round = 0; round < 20; round += 1) {
      const records = (await Promise.all(this.queued.splice(0).map((id) => this.stores.requests.get(id)))).filter((r): r is RequestRecord => r?.status === 'queued');
      const retries = this.retries.drain();
      if (records.length === 0 && retries.Records.length === 0) return;
      if (records.length > 0) await this.processor.handleStreamEvent(streamInsertEvent(records));
      if (retries.Records.length > 0) await this.processor.handleSqsEvent(retries);
    }
  }

  /** A server-side publish to a tenant's topic, or to the whole tenant. */
  async broadcast(tenantId: string, topic: string | undefined, data: object): Promise<void> {
    const target = topic === undefined ? { tenantId } : { tenantId, topic };
    await this.manager.broadcast(target, { type: 'event', topic: topic ?? 'tenant', data }).catch(() => undefined);
  }

  request(requestId: string): Promise<RequestRecord | undefined> {
    return this.stores.requests.get(requestId);
  }

  sockets(): ModelSocket[] {
    return [...this.byConnection.values()];
  }

  async close(): Promise<void> {
    await this.manager.shutdown({ timeoutMs: 1_000 });
  }

  private deliver(connectionId: string, message: ServerMessage): void {
    const socket = this.byConnection.get(connectionId);
    if (!socket?.open) throw new GatewayError('gone', { kind: 'gone', status: 410, errorType: 'GoneException' });
    socket.received.push(message);
  }

  private gateway(): GatewayPort {
    return {
      post: async (connectionId, data) => this.deliver(connectionId, JSON.parse(Buffer.from(data).toString('utf8')) as ServerMessage),
      get: async (connectionId) => {
        if (!this.byConnection.get(connectionId)?.open) throw new GatewayError('gone', { kind: 'gone', status: 410, errorType: 'GoneException' });
        return { connectedAt: this.now, lastActiveAt: this.now };
      },
      delete: async (connectionId) => {
        const socket = this.byConnection.get(connectionId);
        if (socket) socket.open = false;
      },
    };
  }
}
