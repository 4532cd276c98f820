// One logical session over successive sockets (connect, reconnect, close), the heartbeat that
// proves each socket alive, and the reconnect with a fresh token shortly before the token expires.
import { type Connection, openConnection, type SocketCloseEvent } from './connection';
import { StreamerError } from './errors';
import { type ClientState } from './events';
import { isFinalRefusal, type ResolvedOptions, resolveToken, Timer, type Timers } from './options';
import { type BackoffOptions, Reconnector } from './reconnect';
import { handshakeFor, refreshDelay, tokenExpiry } from './token';

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
  private readonly refresh: Timer;
  /** The `exp` (epoch ms) of the token the last refresh replaced: a provider that returns it again refreshes nothing. */
  private refreshedExpiry: number | undefined;
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
    this.refresh = new Timer(timers);
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
    this.refresh.stop();
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
      ...handshakeFor(this.url, token, this.options.tokenTransport),
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
    this.scheduleRefresh(token);
    this.hooks.onConnected(reconnected);
    this.settleWaiters();
  }

  /**
   * With a token function (and reconnecting on), reconnects shortly before the token's `exp` (`tokenRefreshMarginMs`), so the
   * server never refuses a frame for an expired token; the reconnect path resumes pending requests
   * through `status` and re-subscribes topics with `since`, so nothing is lost.
   */
  private scheduleRefresh(token: string): void {
    const { token: source, tokenRefreshMarginMs: marginMs, logger } = this.options;
    const refreshable = typeof source === 'function' && marginMs > 0 && this.reconnector !== undefined;
    const expiresAt = refreshable ? tokenExpiry(token) : undefined;
    if (expiresAt === undefined) return;
    if (expiresAt === this.refreshedExpiry) {
      logger.warn('The token function returned the token it was asked to replace; no refresh before it expires');
      return;
    }
    this.refresh.start(refreshDelay(expiresAt, Date.now(), marginMs), () => {
      this.refreshedExpiry = expiresAt;
      logger.info('Reconnecting with a fresh token before the current one expires');
      this.drop(1000, 'Token refresh');
    });
  }

  private onClose(event: SocketCloseEvent): void {
    this.connection = undefined;
    this.heartbeat.stop();
    this.refresh.stop();
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

/** Heartbeat timing. */
export interface HeartbeatOptions {
  /** Time between pings, in ms; 0 disables the heartbeat. */
  intervalMs: number;
  /** How long to wait for the `pong`, in ms, before declaring the connection dead. */
  timeoutMs: number;
}

/** What the heartbeat needs from its owner. */
export interface HeartbeatHooks {
  /** Sends a `ping`; returns its id, or undefined when it could not be sent. */
  ping(): string | undefined;
  /** No `pong` arrived in time: the connection is dead. */
  onTimeout(): void;
}

/**
 * Sends `ping` every `intervalMs` while connected (keeping API Gateway's 10-minute idle timer from
 * firing) and reports a connection whose `pong` does not come back within `timeoutMs`.
 */
export class Heartbeat {
  private readonly next: Timer;
  private readonly deadline: Timer;
  private awaiting: string | undefined;

  constructor(
    timers: Timers,
    private readonly options: HeartbeatOptions,
    private readonly hooks: HeartbeatHooks,
  ) {
    this.next = new Timer(timers);
    this.deadline = new Timer(timers);
  }

  start(): void {
    this.stop();
    if (this.options.intervalMs > 0) this.schedule();
  }

  stop(): void {
    this.next.stop();
    this.deadline.stop();
    this.awaiting = undefined;
  }

  /** A `pong` arrived; the one for the outstanding ping proves the connection alive. */
  onPong(id: string): void {
    if (id !== this.awaiting) return;
    this.awaiting = undefined;
    this.deadline.stop();
  }

  private schedule(): void {
    this.next.start(this.options.intervalMs, () => this.beat());
  }

  private beat(): void {
    const id = this.hooks.ping();
    this.schedule();
    if (id === undefined || this.awaiting !== undefined) return;
    this.awaiting = id;
    this.deadline.start(this.options.timeoutMs, () => {
      this.awaiting = undefined;
      this.next.stop();
      this.hooks.onTimeout();
    });
  }
}
