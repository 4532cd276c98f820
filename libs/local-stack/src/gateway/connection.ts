// One live socket with what the management API reports about it, and API Gateway's two clocks:
// the idle timeout (reset by every message from the client) and the maximum connection age.
import { WebSocket } from 'ws';
import type { ConnectionFacts } from './events';

export const GOING_AWAY = { code: 1001, reason: 'Going away' } as const;

/** ws error codes → the close code ws sends for them. */
const PROTOCOL_CLOSE_CODES: Readonly<Record<string, number>> = {
  WS_ERR_UNSUPPORTED_MESSAGE_LENGTH: 1009,
  WS_ERR_INVALID_UTF8: 1007,
};

export interface ConnectionLimits {
  idleTimeoutMs: number;
  maxConnectionMs: number;
}

export class LiveConnection implements ConnectionFacts {
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly sourceIp: string;
  readonly userAgent?: string;
  lastActiveAt: number;
  /** The close this side started (idle, age, DELETE, a limit), reported to $disconnect over the socket's. */
  closedBy: { code: number; reason: string } | undefined;
  private readonly idleTimer: NodeJS.Timeout;
  private readonly ageTimer: NodeJS.Timeout;

  constructor(
    facts: ConnectionFacts,
    readonly socket: WebSocket,
    limits: ConnectionLimits,
    private readonly clock: () => number = Date.now,
  ) {
    this.connectionId = facts.connectionId;
    this.connectedAt = facts.connectedAt;
    this.sourceIp = facts.sourceIp;
    if (facts.userAgent !== undefined) this.userAgent = facts.userAgent;
    this.lastActiveAt = facts.connectedAt;
    this.idleTimer = setTimeout(() => this.close(GOING_AWAY.code, GOING_AWAY.reason), limits.idleTimeoutMs);
    this.ageTimer = setTimeout(() => this.close(GOING_AWAY.code, GOING_AWAY.reason), limits.maxConnectionMs);
    this.idleTimer.unref();
    this.ageTimer.unref();
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  /** This side has started closing the socket (or it was dropped): nothing more is routed. */
  get closing(): boolean {
    return this.closedBy !== undefined;
  }

  /** A message arrived from the client. */
  touch(): void {
    this.lastActiveAt = this.clock();
    this.idleTimer.refresh();
  }

  /** Sends one text frame (a string, or its UTF-8 bytes as they are); false when the socket is no longer open. */
  sendText(text: string | Buffer): boolean {
    if (!this.open) return false;
    this.socket.send(text, { binary: false });
    return true;
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  /** A close handshake with `code`; a socket that does not answer is dropped after a grace period. */
  close(code: number, reason: string): void {
    if (this.socket.readyState === WebSocket.CLOSING || this.socket.readyState === WebSocket.CLOSED) return;
    this.closedBy ??= { code, reason };
    this.socket.close(code, reason);
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }

  /** Drops the TCP connection without a close frame (a connection that is simply gone). */
  terminate(): void {
    this.closedBy ??= { code: 1006, reason: '' };
    this.socket.terminate();
  }

  /** The socket failed a protocol rule (ws closes it with the matching code). */
  violated(error: Error & { code?: string }): void {
    this.closedBy ??= { code: PROTOCOL_CLOSE_CODES[error.code ?? ''] ?? 1002, reason: '' };
  }

  stopTimers(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.ageTimer);
  }
}

export class ConnectionRegistry {
  private readonly byId = new Map<string, LiveConnection>();

  add(connection: LiveConnection): void {
    this.byId.set(connection.connectionId, connection);
  }

  get(connectionId: string): LiveConnection | undefined {
    return this.byId.get(connectionId);
  }

  remove(connectionId: string): void {
    this.byId.delete(connectionId);
  }

  get size(): number {
    return this.byId.size;
  }

  all(): LiveConnection[] {
    return [...this.byId.values()];
  }
}
