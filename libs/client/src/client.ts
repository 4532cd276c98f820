import { type Payload, type WireError } from '@streamer/protocol';
import { StreamerError } from './errors';
import { type ClientState, type Listener, type StreamerClientEvents, TypedEmitter } from './events';
import { createIdGenerator, type ResolvedOptions, resolveOptions, type StreamerClientOptions } from './options';
import { type AckHandler, PendingRequest, type ProgressHandler } from './pending';
import { RequestRegistry } from './requests';
import { Session } from './session';
import { type EventHandler, type SubscribeOptions, Topics } from './topics';
import { actionProblem, encode, frameProblem, handleFrame, payloadProblem } from './wire';

/** How long `close()` waits for the answers to `cancel` frames already sent. */
const CLOSE_CANCEL_WAIT_MS = 2_000;

/** Version of the @streamer/client public API. */
export const clientVersion = 1 as const;

/** Options of one `request`. */
export interface RequestOptions {
  /** Called once, when the server acknowledges queued work: its request id and status. */
  onAck?: AckHandler;
  /** Called with each new progress value in [0, 1] (never decreasing) and the handler's message. */
  onProgress?: ProgressHandler;
  /** Aborting sends `cancel` to the server and rejects with `CANCELLED`. */
  signal?: AbortSignal;
  /** Overrides the client's `requestTimeoutMs`; 0 disables. Rejects with `TIMEOUT` (and sends `cancel`). */
  timeoutMs?: number;
}

/**
 * Streamer's WebSocket client: requests with progress and typed errors, topic subscriptions, heartbeat,
 * reconnect with jittered backoff, and resumption of pending requests after a reconnect.
 */
export class StreamerClient {
  private readonly options: ResolvedOptions;
  private readonly emitter: TypedEmitter<StreamerClientEvents>;
  private readonly nextId = createIdGenerator();
  private readonly registry: RequestRegistry;
  private readonly topics: Topics;
  private readonly session: Session;

  constructor(
    readonly url: string,
    options: StreamerClientOptions,
  ) {
    this.options = resolveOptions(options);
    const { logger, timers, statusPollMs, maxResultBytes } = this.options;
    this.emitter = new TypedEmitter((error, event) => logger.warn('Listener threw', { event, error: String(error) }));
    const sendFrame = (frame: string): boolean => this.session.send(frame);
    this.registry = new RequestRegistry({ timers, statusPollMs, maxResultBytes, logger, nextId: this.nextId, encode, sendFrame });
    this.topics = new Topics({ registry: this.registry, emitter: this.emitter, logger, timers, gapTimeoutMs: this.options.gapTimeoutMs });
    this.session = new Session(url, this.options, this.sessionHooks());
  }

  /** `idle` → `connecting` → `open` ⇄ `reconnecting` → `closed`. */
  get state(): ClientState {
    return this.session.state;
  }

  /** Listens to `open`, `close`, `reconnecting`, `reconnect`, `event`, `truncated` or `error`; returns a function that stops. */
  on<K extends keyof StreamerClientEvents>(event: K, listener: Listener<StreamerClientEvents[K]>): () => void {
    return this.emitter.on(event, listener);
  }

  /** Opens the connection. Rejects with a `StreamerError` (`UNAUTHORIZED` when the token is refused). */
  connect(): Promise<void> {
    return this.session.connect().catch((error: unknown) => {
      if (this.state === 'closed' && error instanceof StreamerError) this.registry.failAll(error);
      throw error;
    });
  }

  /** Closes for good: pending requests reject with `CLOSED`. Resolves once the socket has closed. */
  async close(code = 1000, reason = ''): Promise<void> {
    // A `cancel` already sent is answered before the socket goes (at most CLOSE_CANCEL_WAIT_MS): API
    // Gateway runs a frame's $default and its socket's $disconnect as separate invocations in no set
    // order, and a frame that arrives after $disconnect is refused, so the job would run on.
    if (this.state === 'open') await this.registry.cancelsSettled(CLOSE_CANCEL_WAIT_MS);
    const wasActive = this.state !== 'idle' && this.state !== 'closed';
    const closing = this.session.close(code, reason);
    this.registry.failAll(new StreamerError('CLOSED', 'The client was closed'));
    this.topics.disconnected();
    if (wasActive) this.emitter.emit('close', { code, reason, willReconnect: false });
    return closing;
  }

  /**
   * Runs `action` on the server; resolves with the result's `data`, rejects with a `StreamerError`.
   * Survives reconnects: an acknowledged request is resumed through `status`, an unacknowledged one
   * is re-sent with the same id.
   */
  request<T = unknown>(action: string, payload?: object, options: RequestOptions = {}): Promise<T> {
    const problem = this.requestProblem(action) ?? payloadProblem(payload);
    if (problem) return Promise.reject(problem);
    const id = this.nextId();
    let frame: string;
    try {
      frame = encode({ id, action, payload: payload as Payload | undefined });
    } catch (error) {
      return Promise.reject(error);
    }
    const unsendable = frameProblem(frame, this.options.fragments);
    if (unsendable) return Promise.reject(unsendable);
    const timeoutMs = options.timeoutMs ?? this.options.requestTimeoutMs;
    const pending = new PendingRequest(this.registry, id, frame, { onAck: options.onAck, onProgress: options.onProgress, signal: options.signal, timeoutMs });
    this.registry.add(pending);
    pending.start();
    return pending.promise as Promise<T>;
  }

  /**
   * Calls `onEvent(data, {topic, seq, publishedAt})` for each event on `topic`: topic events exactly once
   * and in `seq` order, from the topic's current `seq` (or after `options.since`), re-subscribing with
   * `since` after every reconnect; ephemeral pushes as they arrive. Returns the unsubscribe function.
   */
  subscribe<T = unknown>(topic: string, onEvent: EventHandler<T>, options?: SubscribeOptions): () => void {
    return this.topics.subscribe(topic, onEvent as EventHandler, options);
  }

  private requestProblem(action: string): StreamerError | undefined {
    if (this.state === 'idle') return new StreamerError('CLOSED', 'Not connected: call connect() first');
    if (this.state === 'closed') return new StreamerError('CLOSED', 'The client is closed');
    return actionProblem(action);
  }

  private sessionHooks(): ConstructorParameters<typeof Session>[2] {
    return {
      onConnected: (reconnected) => this.onConnected(reconnected),
      onMessage: (data) => this.onMessage(data),
      onDropped: (event, willReconnect) => {
        this.registry.disconnected();
        this.topics.disconnected();
        this.emitter.emit('close', { code: event.code, reason: event.reason, willReconnect });
      },
      onReconnecting: (attempt, delayMs) => this.emitter.emit('reconnecting', { attempt, delayMs }),
      onReconnected: (attempts) => this.emitter.emit('reconnect', { attempts }),
      onFailed: (error) => {
        this.registry.failAll(error);
        this.emitter.emit('error', error);
      },
      ping: () => {
        const id = this.nextId();
        return this.session.send(encode({ id, action: 'ping' })) ? id : undefined;
      },
    };
  }

  private onConnected(reconnected: boolean): void {
    this.topics.resubscribe();
    this.registry.resumeAll();
    this.emitter.emit('open', { reconnected });
  }

  private onMessage(data: unknown): void {
    handleFrame(data, {
      logger: this.options.logger,
      onEvent: (message) => this.topics.dispatch(message),
      onPong: (id) => this.session.onPong(id),
      onUnaddressedError: (error) => this.onUnaddressedError(error),
      onReply: (reply) => this.registry.route(reply),
    });
  }

  private onUnaddressedError(error: WireError): void {
    this.options.logger.warn('The server rejected a frame', { code: error.code, message: error.message });
    this.emitter.emit('error', StreamerError.fromWire(error));
  }
}
