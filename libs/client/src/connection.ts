// The socket side of the client: the WebSocket port it needs (browsers' and `ws`'s both fit), one
// connection and its handshake (url and subprotocols from token.ts), and the mapping of a refused
// handshake to a `StreamerError`.
import { StreamerError } from './errors';
import { type Timers, Timer } from './options';
import { frameProblem, writeFrame } from './wire';

/** The `message` event fields the client reads (text frames arrive as strings). */
export interface SocketMessageEvent {
  data: unknown;
}

/** The `close` event fields the client reads. */
export interface SocketCloseEvent {
  code: number;
  reason: string;
}

/**
 * The subset of the standard WebSocket interface the client uses. The browser's `WebSocket` and the
 * `ws` package's `WebSocket` both satisfy it; so does `FakeWebSocket` from `@streamer/client/testing`.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open', listener: (event: unknown) => void): void;
  addEventListener(type: 'message', listener: (event: SocketMessageEvent) => void): void;
  addEventListener(type: 'close', listener: (event: SocketCloseEvent) => void): void;
  addEventListener(type: 'error', listener: (event: unknown) => void): void;
}

/**
 * A WebSocket constructor: `globalThis.WebSocket` in browsers, `WebSocket` from `ws` in Node. The
 * second argument, the subprotocols to offer, is passed only with the `subprotocol` token transport.
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/** `ws`'s `send`, which can write one message as several frames: `{fin: false}` … `{fin: true}`. */
export interface FragmentingSocket {
  send(data: string, options: { fin: boolean }): void;
}

/** `readyState` of an open socket (the standard constant). */
export const OPEN = 1;

/**
 * HTTP status of a refused handshake, when the implementation reveals it. `ws` reports it in its
 * error message ("Unexpected server response: 401"); browsers never expose it.
 */
function handshakeStatus(event: unknown): number | undefined {
  const source = event as { message?: unknown; error?: { message?: unknown } } | null;
  const text = [source?.message, source?.error?.message].find((value) => typeof value === 'string');
  const match = /Unexpected server response: (\d{3})/.exec(typeof text === 'string' ? text : '');
  return match ? Number(match[1]) : undefined;
}

/** Translates a failed handshake (error or close before open) into a `StreamerError`. */
export function handshakeError(event: unknown): StreamerError {
  const status = handshakeStatus(event);
  const cause = (event as { error?: unknown } | null)?.error ?? event;
  if (status === 401) return new StreamerError('UNAUTHORIZED', 'The server refused the token (HTTP 401)', { cause });
  if (status === 403) return new StreamerError('FORBIDDEN', 'The server refused the connection (HTTP 403)', { cause });
  const detail = status === undefined ? '' : ` (HTTP ${status})`;
  return new StreamerError('CONNECTION_FAILED', `Could not connect to the server${detail}`, { cause });
}

/** What an open connection reports to its owner. */
export interface ConnectionEvents {
  onMessage(data: unknown): void;
  /** The socket closed without `close()` being called on this connection. */
  onClose(event: SocketCloseEvent): void;
}

/** How to open one socket. */
export interface OpenOptions {
  WebSocket: WebSocketConstructor;
  /** Whether the socket can send a message as several frames. */
  fragments: boolean;
  url: string;
  /** Subprotocols to offer (the token's `subprotocol` transport). */
  protocols?: string[];
  timers: Timers;
  /** Handshake deadline, in ms. */
  timeoutMs: number;
  events: ConnectionEvents;
}

/** One open socket. After `close()` it reports nothing more to its owner. */
export class Connection {
  private attached = true;
  private readonly closed: Promise<void>;
  private markClosed: () => void = () => undefined;

  constructor(
    private readonly socket: WebSocketLike,
    private readonly events: ConnectionEvents,
    private readonly fragments: boolean,
  ) {
    this.closed = new Promise((resolve) => (this.markClosed = resolve));
  }

  get isOpen(): boolean {
    return this.attached && this.socket.readyState === OPEN;
  }

  /**
   * Sends a message, in frames of at most 32 KiB when the socket can fragment. False when the socket is
   * not open, or when the message needs fragments this socket cannot send: nothing that would make
   * API Gateway close the socket is ever written, on the first attempt or on a resend.
   */
  send(frame: string): boolean {
    if (!this.isOpen || frameProblem(frame, this.fragments)) return false;
    writeFrame(this.socket, frame, this.fragments);
    return true;
  }

  /** Stops reporting, starts the closing handshake; resolves once the socket has closed. */
  close(code = 1000, reason = ''): Promise<void> {
    this.attached = false;
    try {
      this.socket.close(code, reason);
    } catch {
      this.socket.close();
    }
    return this.closed;
  }

  /** @internal */
  handleMessage(data: unknown): void {
    if (this.attached) this.events.onMessage(data);
  }

  /** @internal */
  handleClose(event: SocketCloseEvent): void {
    this.markClosed();
    if (!this.attached) return;
    this.attached = false;
    this.events.onClose(event);
  }
}

/** Opens a socket; resolves once it is open, rejects with a `StreamerError` if the handshake fails. */
export function openConnection(options: OpenOptions): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let socket: WebSocketLike;
    try {
      socket = options.protocols ? new options.WebSocket(options.url, options.protocols) : new options.WebSocket(options.url);
    } catch (cause) {
      reject(new StreamerError('CONNECTION_FAILED', 'Could not create the WebSocket', { cause }));
      return;
    }
    const connection = new Connection(socket, options.events, options.fragments);
    const deadline = new Timer(options.timers);
    let settled = false;
    const fail = (error: StreamerError): void => {
      if (settled) return;
      settled = true;
      deadline.stop();
      void connection.close();
      reject(error);
    };
    deadline.start(options.timeoutMs, () => fail(new StreamerError('CONNECTION_FAILED', 'The handshake timed out')));
    socket.addEventListener('open', () => {
      if (settled) return;
      settled = true;
      deadline.stop();
      resolve(connection);
    });
    socket.addEventListener('error', (event) => fail(handshakeError(event)));
    socket.addEventListener('close', (event) => (settled ? connection.handleClose(event) : fail(handshakeError(event))));
    socket.addEventListener('message', (event) => connection.handleMessage(event.data));
  });
}
