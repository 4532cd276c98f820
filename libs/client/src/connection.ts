import { StreamerError } from './errors';
import { frameProblem, writeFrame } from './outgoing';
import { Timer, type Timers } from './timers';
import { handshakeError, OPEN, type SocketCloseEvent, type WebSocketConstructor, type WebSocketLike } from './transport';

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
      socket = new options.WebSocket(options.url);
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
