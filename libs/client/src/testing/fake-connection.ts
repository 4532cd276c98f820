import { type ClientMessage, type ServerMessage, TOKEN_SUBPROTOCOL_PREFIX } from '@streamer/protocol';
import { FakeWebSocket } from './fake-websocket';

/** The server's view of one client socket. */
export class FakeConnection {
  readonly url: URL;
  /** The token the client sent: the `Authorization` query parameter, else the `bearer.<jwt>` subprotocol. */
  readonly token: string | null;
  /** How the token came: `query`, `subprotocol`, or null without a token. */
  readonly tokenTransport: 'query' | 'subprotocol' | null;
  /** Every message received on this connection, parsed. */
  readonly received: ClientMessage[] = [];
  /** Close code sent by the client, once it closed. */
  closedByClient: { code: number; reason: string } | undefined;

  constructor(readonly socket: FakeWebSocket, private readonly schedule: (task: () => void) => void) {
    this.url = new URL(socket.url);
    const fromQuery = this.url.searchParams.get('Authorization');
    const offered = socket.protocols.find((value) => value.startsWith(TOKEN_SUBPROTOCOL_PREFIX));
    const fromProtocol = offered === undefined ? null : offered.slice(TOKEN_SUBPROTOCOL_PREFIX.length);
    this.token = fromQuery ?? fromProtocol;
    this.tokenTransport = fromQuery !== null ? 'query' : fromProtocol !== null ? 'subprotocol' : null;
  }

  get isOpen(): boolean {
    return this.socket.readyState === FakeWebSocket.OPEN;
  }

  accept(): void {
    this.schedule(() => this.socket.serverAccept());
  }

  /** Refuses the handshake with HTTP `status` (401 for a bad token). */
  refuse(status: number): void {
    this.schedule(() => this.socket.serverRefuse(status));
  }

  /** Sends a message (asynchronously, like a real socket). */
  send(message: ServerMessage | Record<string, unknown>): void {
    this.sendRaw(JSON.stringify(message));
  }

  /** Sends a raw frame: malformed text, bytes, anything. */
  sendRaw(data: unknown): void {
    this.schedule(() => this.socket.serverSend(data));
  }

  /** Drops the socket without a closing handshake (the client sees 1006). */
  drop(code = 1006, reason = ''): void {
    this.schedule(() => this.socket.serverClose(code, reason));
  }

  /** Messages received with `action`. */
  messages(action?: string): ClientMessage[] {
    return action === undefined ? [...this.received] : this.received.filter((m) => m.action === action);
  }
}
