// One request's lifecycle on the client: its state and settlement, the protocol behaviour around it
// (send, ack, progress, resume after a reconnect, status polls, abort and timeout), and how a stored
// state read through `status` drives it.
import {
  type AckMessage,
  type ErrorMessage,
  isRequestStatusView,
  type ProgressMessage,
  type RequestRefPayload,
  type RequestStatus,
  type RequestStatusView,
  type ResultChunkMessage,
  type ResultChunkPosition,
  type ResultChunks,
  type ResultMessage,
  type StatusPayload,
} from '@streamer/protocol';
import { type Logger } from '@streamer/kernel';
import { StreamerError } from './errors';
import { Timer, type Timers } from './options';
import { ResultAssembly } from './result-chunks';

/** Called with each new progress value in [0, 1] and the handler's message. */
export type ProgressHandler = (progress: number, message: string | undefined) => void;

/** The server accepted queued work: its request id and status at that moment (usually `queued`). */
export type AckHandler = (ack: { requestId: string; status: RequestStatus }) => void;

/** A reply to a built-in control message (`result-chunk` answers `status {requestId, chunk}`). */
export type ControlReply = ResultMessage | ErrorMessage | ResultChunkMessage;

/** Replies addressed to one request's correlation id. */
export type RequestReply = AckMessage | ProgressMessage | ResultMessage | ResultChunkMessage | ErrorMessage;

/** What a pending request needs from the client. */
export interface RequestContext {
  readonly timers: Timers;
  readonly statusPollMs: number;
  /** Largest result accepted, in UTF-8 bytes of JSON. */
  readonly maxResultBytes: number;
  readonly logger: Logger;
  /** Sends a frame when connected; false otherwise. */
  sendFrame(frame: string): boolean;
  /** Sends `status`/`cancel` for a request; `onReply` receives the answer. False when not connected. */
  sendControl(action: 'status' | 'cancel', payload: RequestRefPayload | StatusPayload, onReply?: (reply: ControlReply) => void): boolean;
  /** Sends `cancel` if an `ack` for `id` still arrives (the request was abandoned before its ack). */
  cancelWhenAcked(id: string): void;
  /** The request settled: stop routing replies to it. */
  forget(id: string): void;
}

/** Per-request options after defaults. */
export interface PendingOptions {
  onAck?: AckHandler;
  onProgress?: ProgressHandler;
  signal?: AbortSignal;
  timeoutMs: number;
}

/** Deferred settle functions of the request's promise. */
interface Settle {
  resolve(data: unknown): void;
  reject(error: StreamerError): void;
}

/** Base state and settlement of one request; `PendingRequest` adds its protocol behaviour. */
export abstract class RequestState {
  requestId: string | undefined;
  readonly promise: Promise<unknown>;
  protected settled = false;
  protected readonly timeout: Timer;
  protected readonly poll: Timer;
  private settle: Settle = { resolve: () => undefined, reject: () => undefined };
  private lastProgress = -1;
  private acked = false;
  private lastMessage: string | undefined;

  constructor(
    protected readonly ctx: RequestContext,
    readonly id: string,
    protected readonly options: PendingOptions,
  ) {
    this.timeout = new Timer(ctx.timers);
    this.poll = new Timer(ctx.timers);
    this.promise = new Promise((resolve, reject) => (this.settle = { resolve, reject }));
  }

  get isSettled(): boolean {
    return this.settled;
  }

  /** Reports the acknowledgement to the caller, once per request (a re-sent id is acknowledged again). */
  reportAck(requestId: string, status: RequestStatus): void {
    if (this.settled || this.acked) return;
    this.acked = true;
    try {
      this.options.onAck?.({ requestId, status });
    } catch (error) {
      this.ctx.logger.warn('onAck threw', { id: this.id, error: String(error) });
    }
  }

  /** Reports progress unless it goes backwards or repeats the last report exactly. */
  reportProgress(progress: number, message: string | undefined): void {
    if (this.settled || progress < this.lastProgress) return;
    if (progress === this.lastProgress && message === this.lastMessage) return;
    this.lastProgress = progress;
    this.lastMessage = message;
    try {
      this.options.onProgress?.(progress, message);
    } catch (error) {
      this.ctx.logger.warn('onProgress threw', { id: this.id, error: String(error) });
    }
  }

  resolve(data: unknown): void {
    if (this.finish()) this.settle.resolve(data);
  }

  reject(error: StreamerError): void {
    if (this.finish()) this.settle.reject(error);
  }

  protected abstract cleanup(): void;

  private finish(): boolean {
    if (this.settled) return false;
    this.settled = true;
    this.timeout.stop();
    this.poll.stop();
    this.cleanup();
    this.ctx.forget(this.id);
    return true;
  }
}

/** The parts of a pending request a stored state can drive. */
export interface StatusTarget {
  readonly requestId: string | undefined;
  reportProgress(progress: number, message: string | undefined): void;
  /** The request completed with a result in chunks of this shape: fetch the missing ones. */
  receiveShape(shape: ResultChunks): void;
  resolve(data: unknown): void;
  reject(error: StreamerError): void;
}

/** Whether the stored state settled the request, left it running, has its result in chunks, or could not be read. */
export type StatusOutcome = 'settled' | 'running' | 'chunked' | 'unreadable';

function settleFrom(target: StatusTarget, view: RequestStatusView): void {
  if (view.status === 'completed') return target.resolve(view.result ?? null);
  if (view.status === 'cancelled') {
    return target.reject(new StreamerError('CANCELLED', 'The request was cancelled', { requestId: view.requestId }));
  }
  const error = view.error ?? { code: 'INTERNAL_ERROR', message: 'The request failed', retryable: true };
  target.reject(StreamerError.fromWire(error, view.requestId));
}

/**
 * Applies the `data` of a `status` reply: a terminal state (completed, failed, cancelled) settles the
 * request; a running one (queued, processing) reports its progress.
 */
export function applyStatusView(target: StatusTarget, data: unknown): StatusOutcome {
  if (!isRequestStatusView(data) || data.requestId !== target.requestId) return 'unreadable';
  if (data.status === 'queued' || data.status === 'processing') {
    target.reportProgress(data.progress, data.progressMessage);
    return 'running';
  }
  if (data.status === 'completed' && data.resultChunks) {
    target.receiveShape(data.resultChunks);
    return 'chunked';
  }
  settleFrom(target, data);
  return 'settled';
}

/**
 * One request in flight: sent (or waiting for a connection), acknowledged, reporting progress, and
 * finally settled by `result`/`error`, a terminal `status`, abort, timeout or the client closing.
 */
export class PendingRequest extends RequestState {
  private sent = false;
  private resumed = false;
  private polling = false;
  private fetching = false;
  private assembly: ResultAssembly | undefined;
  private readonly onAbort = (): void => this.abandon(this.cancelledError());

  constructor(ctx: RequestContext, id: string, private readonly frame: string, options: PendingOptions) {
    super(ctx, id, options);
  }

  /** Arms the timeout and abort listener, and sends the request if connected. */
  start(): void {
    if (this.options.signal?.aborted) return this.reject(this.cancelledError());
    this.options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (this.options.timeoutMs > 0) this.timeout.start(this.options.timeoutMs, () => this.abandon(this.timeoutError()));
    this.transmit();
  }

  /** Handles a reply carrying this request's correlation id. */
  handle(reply: RequestReply): void {
    if (reply.type === 'error') return this.reject(StreamerError.fromWire(reply.error, this.requestId));
    if (reply.type === 'result') return this.resolve(reply.data);
    const firstAck = this.requestId === undefined;
    this.requestId ??= reply.requestId;
    if (reply.type === 'result-chunk') return this.receiveChunk(reply.chunk, reply.data);
    if (reply.type === 'progress') return this.reportProgress(reply.progress, reply.message);
    this.reportAck(reply.requestId, reply.status);
    if (this.resumed && firstAck) this.pollStatus();
  }

  /** A (new) connection is open: ask for the stored state if acknowledged, else (re-)send with the same id. */
  resume(): void {
    if (this.settled) return;
    if (this.requestId === undefined) {
      this.resumed = this.sent;
      this.transmit();
      return;
    }
    this.resumed = true;
    this.pollStatus();
  }

  /** The connection dropped: an outstanding `status` will never be answered. */
  disconnected(): void {
    this.poll.stop();
    this.polling = false;
    this.fetching = false;
  }

  receiveShape(shape: ResultChunks): void {
    if (this.assemblyFor(shape)) this.fetchNext();
  }

  // A large result: pieces come live in order; one missing when the last arrives, or none coming for
  // `statusPollMs`, is fetched with `status {requestId, chunk}`, one at a time.

  private receiveChunk(position: ResultChunkPosition, data: string): void {
    const assembly = this.settled ? undefined : this.assemblyFor(position);
    if (!assembly) return;
    const problem = assembly.add(position, data);
    if (problem) return this.reject(problem);
    if (assembly.complete) return this.finishAssembly(assembly);
    if (this.fetching) return;
    if (position.index === position.count - 1) return this.fetchNext();
    this.poll.start(this.ctx.statusPollMs, () => this.pollStatus());
  }

  /** The assembly of this shape (started when it is the first), or undefined when the request ended. */
  private assemblyFor(shape: ResultChunks): ResultAssembly | undefined {
    if (this.assembly) return this.assembly;
    const started = ResultAssembly.start(shape, this.ctx.maxResultBytes, this.requestId);
    if (started instanceof StreamerError) return void this.reject(started);
    return (this.assembly = started);
  }

  private finishAssembly(assembly: ResultAssembly): void {
    const joined = assembly.join();
    if (joined instanceof StreamerError) this.reject(joined);
    else this.resolve(joined.value);
  }

  private fetchNext(): void {
    const index = this.assembly?.nextMissing();
    if (this.settled || this.fetching || index === undefined || this.requestId === undefined) return;
    this.poll.stop();
    this.fetching = this.ctx.sendControl('status', { requestId: this.requestId, chunk: index }, (reply) => this.onChunkReply(reply));
  }

  private onChunkReply(reply: ControlReply): void {
    this.fetching = false;
    if (this.settled) return;
    if (reply.type === 'error') return this.refused(reply);
    if (reply.type === 'result-chunk') this.receiveChunk(reply.chunk, reply.data);
    this.fetchNext();
  }

  protected cleanup(): void {
    this.options.signal?.removeEventListener('abort', this.onAbort);
  }

  private transmit(): void {
    if (this.ctx.sendFrame(this.frame)) this.sent = true;
  }

  private pollStatus(): void {
    if (this.settled || this.polling || this.requestId === undefined) return;
    this.poll.stop();
    this.polling = this.ctx.sendControl('status', { requestId: this.requestId }, (reply) => this.onStatus(reply));
  }

  private schedulePoll(): void {
    if (this.settled || this.polling) return;
    this.poll.start(this.ctx.statusPollMs, () => this.pollStatus());
  }

  private onStatus(reply: ControlReply): void {
    this.polling = false;
    if (this.settled) return;
    if (reply.type === 'error') return this.refused(reply);
    const outcome = reply.type === 'result' ? applyStatusView(this, reply.data) : 'unreadable';
    if (outcome === 'unreadable') this.ctx.logger.warn('Ignored an unreadable status reply', { id: this.id });
    if (outcome === 'running' || outcome === 'unreadable') this.schedulePoll();
  }

  /** A refused `status`: asked again later when retryable, else the request fails with it. */
  private refused(reply: ErrorMessage): void {
    const error = StreamerError.fromWire(reply.error, this.requestId);
    if (error.retryable) this.schedulePoll();
    else this.reject(error);
  }

  /** Gives up on the request locally and asks the server to stop working on it. */
  private abandon(error: StreamerError): void {
    if (this.settled) return;
    if (this.requestId !== undefined) this.ctx.sendControl('cancel', { requestId: this.requestId });
    else if (this.sent) this.ctx.cancelWhenAcked(this.id);
    this.reject(error);
  }

  private cancelledError(): StreamerError {
    const reason = this.options.signal?.reason;
    return new StreamerError('CANCELLED', 'The request was aborted', { requestId: this.requestId, cause: reason });
  }

  private timeoutError(): StreamerError {
    const text = `No result within ${this.options.timeoutMs} ms`;
    return new StreamerError('TIMEOUT', text, { requestId: this.requestId });
  }
}
