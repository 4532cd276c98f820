import { type ClientMessage, pong } from '@streamer/protocol';
import { type WebSocketConstructor } from '../connection';
import { FakeConnection } from './fake-connection';
import { type FakePeer, FakeWebSocket } from './fake-websocket';

/** Scripted reaction to each message a client sends. */
export type FakeMessageHandler = (message: ClientMessage, connection: FakeConnection) => void;

/** Decides a handshake: 101 accepts, another HTTP status refuses, undefined leaves it to the test. */
export type FakeHandshake = (connection: FakeConnection) => number | undefined;

/** Options of a `FakeServer`. */
export interface FakeServerOptions {
  handshake?: FakeHandshake;
  /** Answer `ping` with `pong` (default true). */
  autoPong?: boolean;
}

/**
 * A scriptable in-memory Streamer server. Pass `server.WebSocket` to `StreamerClient`, script replies
 * with `onMessage`, then drive time with `flush()` (and fake timers for the client's own timers).
 */
export class FakeServer {
  /** Constructor to give the client: every socket it creates connects to this server. */
  readonly WebSocket: WebSocketConstructor & (new (url: string, protocols?: string | string[]) => FakeWebSocket);
  readonly connections: FakeConnection[] = [];
  handshake: FakeHandshake;
  autoPong: boolean;
  private handler: FakeMessageHandler = () => undefined;
  private inflight = 0;
  private readonly peer: FakePeer;

  constructor(options: FakeServerOptions = {}) {
    this.handshake = options.handshake ?? (() => 101);
    this.autoPong = options.autoPong ?? true;
    this.peer = {
      schedule: (task) => this.schedule(task),
      onClientSend: (socket, data) => this.receive(socket, data),
      onClientClose: (socket, code, reason) => {
        const connection = this.connectionOf(socket);
        if (connection) connection.closedByClient = { code, reason };
      },
    };
    const attach = (socket: FakeWebSocket): void => this.attach(socket);
    const peer = this.peer;
    this.WebSocket = class extends FakeWebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, peer, protocols);
        attach(this);
      }
    };
  }

  /** Sets the reaction to client messages (replacing the previous one). */
  onMessage(handler: FakeMessageHandler): this {
    this.handler = handler;
    return this;
  }

  /** The most recent connection. */
  get last(): FakeConnection {
    const connection = this.connections[this.connections.length - 1];
    if (!connection) throw new Error('No client has connected to the FakeServer');
    return connection;
  }

  /** Every message received on every connection, optionally only those with `action`. */
  messages(action?: string): ClientMessage[] {
    return this.connections.flatMap((connection) => connection.messages(action));
  }

  /** Waits until every scheduled delivery and the client's reactions to it have run. */
  async flush(): Promise<void> {
    for (let idle = 0; idle < 20; idle += 1) {
      const before = this.inflight;
      await Promise.resolve();
      if (this.inflight !== before || before > 0) idle = 0;
    }
  }

  private schedule(task: () => void): void {
    this.inflight += 1;
    void Promise.resolve().then(() => {
      this.inflight -= 1;
      task();
    });
  }

  private attach(socket: FakeWebSocket): void {
    const connection = new FakeConnection(socket, (task) => this.schedule(task));
    this.connections.push(connection);
    this.schedule(() => {
      const status = this.handshake(connection);
      if (status === 101) socket.serverAccept();
      else if (status !== undefined) socket.serverRefuse(status);
    });
  }

  private receive(socket: FakeWebSocket, data: string): void {
    const connection = this.connectionOf(socket);
    if (!connection) return;
    const message = JSON.parse(data) as ClientMessage;
    connection.received.push(message);
    if (message.action === 'ping' && this.autoPong) return connection.send(pong(message.id));
    this.handler(message, connection);
  }

  private connectionOf(socket: FakeWebSocket): FakeConnection | undefined {
    return this.connections.find((connection) => connection.socket === socket);
  }
}
