import { type SocketCloseEvent, type SocketMessageEvent, type WebSocketLike } from '../connection';

/** The server side of a `FakeWebSocket`. */
export interface FakePeer {
  /** Runs `task` asynchronously (a microtask), as a real socket would deliver events. */
  schedule(task: () => void): void;
  onClientSend(socket: FakeWebSocket, data: string): void;
  onClientClose(socket: FakeWebSocket, code: number, reason: string): void;
}

type EventType = 'open' | 'message' | 'close' | 'error';
type AnyListener = (event: never) => void;

/**
 * In-memory WebSocket with the standard interface and `ws`'s observable behaviour: events arrive
 * asynchronously, a refused handshake emits `error` ("Unexpected server response: <status>") then
 * `close` 1006, and `send` on a socket that is not open throws. Driven by a `FakeServer`.
 */
export class FakeWebSocket implements WebSocketLike {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  readyState = FakeWebSocket.CONNECTING;
  /** The subprotocol the server selected ('' before open or when none was offered), as on a real socket. */
  protocol = '';
  /** The subprotocols the client offered, in order. */
  readonly protocols: readonly string[];
  private readonly listeners = new Map<EventType, Set<AnyListener>>();

  constructor(
    readonly url: string,
    private readonly peer: FakePeer,
    protocols: string | string[] = [],
  ) {
    this.protocols = typeof protocols === 'string' ? [protocols] : [...protocols];
  }

  addEventListener(type: EventType, listener: AnyListener): void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener);
    this.listeners.set(type, set);
  }

  removeEventListener(type: EventType, listener: AnyListener): void {
    this.listeners.get(type)?.delete(listener);
  }

  send(data: string): void {
    if (this.readyState !== FakeWebSocket.OPEN) throw new Error('WebSocket is not open: readyState ' + this.readyState);
    this.peer.onClientSend(this, data);
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === FakeWebSocket.CLOSED || this.readyState === FakeWebSocket.CLOSING) return;
    if (this.readyState === FakeWebSocket.CONNECTING) {
      return this.fail('WebSocket was closed before the connection was established');
    }
    this.readyState = FakeWebSocket.CLOSING;
    this.peer.schedule(() => {
      this.peer.onClientClose(this, code, reason);
      this.finish({ code, reason });
    });
  }

  /** Server side: completes the handshake, selecting the first offered subprotocol (Streamer's protocol name). */
  serverAccept(): void {
    if (this.readyState !== FakeWebSocket.CONNECTING) return;
    this.readyState = FakeWebSocket.OPEN;
    this.protocol = this.protocols[0] ?? '';
    this.emit('open', { type: 'open' });
  }

  /** Server side: answers the handshake with HTTP `status`. */
  serverRefuse(status: number): void {
    if (this.readyState === FakeWebSocket.CONNECTING) this.fail(`Unexpected server response: ${status}`);
  }

  /** Server side: delivers a frame. */
  serverSend(data: unknown): void {
    if (this.readyState === FakeWebSocket.OPEN) this.emit('message', { type: 'message', data } satisfies SocketMessageEvent & { type: string });
  }

  /** Server side: the socket closes with `code` (1006: dropped without a closing handshake). */
  serverClose(code: number, reason: string): void {
    if (this.readyState !== FakeWebSocket.CLOSED) this.finish({ code, reason });
  }

  private fail(message: string): void {
    this.readyState = FakeWebSocket.CLOSING;
    this.peer.schedule(() => {
      this.emit('error', { type: 'error', message, error: new Error(message) });
      this.finish({ code: 1006, reason: '' });
    });
  }

  private finish(event: SocketCloseEvent): void {
    this.readyState = FakeWebSocket.CLOSED;
    this.emit('close', { type: 'close', ...event });
  }

  private emit(type: EventType, event: object): void {
    for (const listener of [...(this.listeners.get(type) ?? [])]) (listener as (event: object) => void)(event);
  }
}
