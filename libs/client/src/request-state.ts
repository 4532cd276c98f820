import {
  type AckMessage,
  type ErrorMessage,
  type ProgressMessage,
  type RequestRefPayload,
  type RequestStatus,
  type ResultMessage,
} from '@streamer/protocol';
import { type StreamerError } from './errors';
import { type Logger } from './logger';
import { Timer, type Timers } from './timers';

/** Called with each new progress value in [0, 1] and the handler's message. */
export type ProgressHandler = (progress: number, message: string | undefined) => void;

/** The server accepted queued work: its request id and status at that moment (usually `queued`). */
export type AckHandler = (ack: { requestId: string; status: RequestStatus }) => void;

/** A reply to a built-in control message. */
export type ControlReply = ResultMessage | ErrorMessage;

/** Replies addressed to one request's correlation id. */
export type RequestReply = AckMessage | ProgressMessage | ResultMessage | ErrorMessage;

/** What a pending request needs from the client. */
export interface RequestContext {
  readonly timers: Timers;
  readonly statusPollMs: number;
  readonly logger: Logger;
  /** Sends a frame when connected; false otherwise. */
  sendFrame(frame: string): boolean;
  /** Sends `status`/`cancel` for a request; `onReply` receives the answer. False when not connected. */
  sendControl(action: 'status' | 'cancel', payload: RequestRefPayload, onReply?: (reply: ControlReply) => void): boolean;
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
