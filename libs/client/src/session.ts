import { type BackoffOptions } from './backoff';
import { type Connection, openConnection } from './connection';
import { StreamerError } from './errors';
import { type ClientState } from './events';
import { Heartbeat } from './heartbeat';
import { type ResolvedOptions } from './options';
import { Reconnector } from './reconnector';
import { isFinalRefusal, resolveToken } from './token';
import { type SocketCloseEvent, withToken } from './transport';

/** What the session reports to the client. */
export interface SessionHooks {
  /** A connection opened (state is `open`); re-subscribe and resume here. */
  onConnected(reconnected: boolean): void;
  onMessage(data: unknown): void;
  /** An open connection was lost. */
  onDropped(event: SocketCloseEvent, willReconnect: boolean): void;
  onReconnecting(attempt: number, delayMs: number): void;
  onReconnected(attempts: number): void;
  /** The session is closed for good (reconnecting gave up, or reconnecting is disabled). */
  onFailed(error: StreamerError): void;
  /** Sends a `ping` and returns its id (undefined when not sent). */
  ping(): string | undefined;
}

/** One logical session over successive sockets: connect, heartbeat, reconnect with backoff, close. */
export class Session {
  private connection: Connection | undefined;
  private opening: Promise<void> | undefined;
  private current: ClientState = 'idle';
  private readonly heartbeat: Heartbeat;
  private readonly reconnector: Reconnector | undefined;
  private waiters: { resolve(): void; reject(error: StreamerError): void }[] = [];

  constructor(
    private readonly url: string,
    private readonly options: ResolvedOptions,
    private readonly hooks: SessionHooks,
  ) {
    const { timers, heartbeatMs: intervalMs, heartbeatTimeoutMs: timeoutMs } = options;
    this.heartbeat = new Heartbeat(timers, { intervalMs, timeoutMs }, {
      ping: () => hooks.ping(),
      onTimeout: () => this.drop(4000, 'No pong received'),
    });
    this.reconnector = options.reconnect === false ? undefined : this.createReconnector(options.reconnect);
  }

  get state(): ClientState {
    return this.current;
  }

  /** Opens the first connection; resolves when open, rejects with a `StreamerError`. */
  connect(): Promise<void> {
    if (this.current === 'open') return Promise.resolve();
    if (this.opening) return this.opening;
    if (this.current === 'reconnecting') return this.nextOpen();
    this.current = 'connecting';
    this.opening = this.openOnce()
      .catch((error: unknown) => {
        if (this.current === 'connecting') this.current = 'closed';
        throw error;
      })
      .finally(() => (this.opening = undefined));
    return this.opening;
  }

  /** Closes for good: no reconnect; resolves once the socket has closed. */
  close(code: number, reason: string): Promise<void> {
    this.current = 'closed';
    this.reconnector?.stop();
    this.heartbeat.stop();
    this.settleWaiters(new StreamerError('CLOSED', 'The client was closed'));
    const connection = this.connection;
    this.connection = undefined;
    return connection ? connection.close(code, reason) : Promise.resolve();
  }

  /** Sends a text frame; false when not connected. */
  send(frame: string): boolean {
    return this.connection?.send(frame) ?? false;
  }

  onPong(id: string): void {
    this.heartbeat.onPong(id);
  }

  private async openOnce(): Promise<void> {
    const reconnected = this.current === 'reconnecting';
    const token = await resolveToken(this.options.token);
    const connection = await openConnection({
      WebSocket: this.options.WebSocket,
      fragments: this.options.fragments,
      url: withToken(this.url, token),
      timers: this.options.timers,
      timeoutMs: this.options.connectTimeoutMs,
      events: { onMessage: (data) => this.hooks.onMessage(data), onClose: (event) => this.onClose(event) },
    });
    if (this.current === 'closed') {
      void connection.close(1000, 'Client closed');
      throw new StreamerError('CLOSED', 'The client was closed while connecting');
    }
    this.connection = connection;
    this.current = 'open';
    this.heartbeat.start();
    this.hooks.onConnected(reconnected);
    this.settleWaiters();
  }

  private onClose(event: SocketCloseEvent): void {
    this.connection = undefined;
    this.heartbeat.stop();
    if (this.current === 'closed') return;
    if (!this.reconnector) return this.fail(event, new StreamerError('CONNECTION_FAILED', 'The connection was lost'));
    this.current = 'reconnecting';
    this.hooks.onDropped(event, true);
    this.reconnector.start();
  }

  /** The connection is dead (no pong): abandon it and reconnect without waiting for its close. */
  private drop(code: number, reason: string): void {
    const connection = this.connection;
    if (!connection) return;
    void connection.close(code, reason);
    this.onClose({ code, reason });
  }

  private fail(event: SocketCloseEvent, error: StreamerError): void {
    this.current = 'closed';
    this.hooks.onDropped(event, false);
    this.hooks.onFailed(error);
    this.settleWaiters(error);
  }

  /** Resolves when the reconnect in progress succeeds, rejects when it gives up. */
  private nextOpen(): Promise<void> {
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  private settleWaiters(error?: StreamerError): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      if (error) waiter.reject(error);
      else waiter.resolve();
    }
  }

  private createReconnector(backoff: BackoffOptions): Reconnector {
    const { timers, random, token } = this.options;
    return new Reconnector(timers, backoff, random, {
      open: () => this.openOnce(),
      isFatal: (error) => isFinalRefusal(token, error),
      onScheduled: (attempt, delayMs) => this.hooks.onReconnecting(attempt, delayMs),
      onReconnected: (attempts) => this.hooks.onReconnected(attempts),
      onGiveUp: (error) => this.fail({ code: 1006, reason: error.message }, error),
    });
  }
}
