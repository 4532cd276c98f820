import { type ClientMessage, type RequestRefPayload } from '@streamer/protocol';
import { type Logger } from '@streamer/kernel';
import { type StreamerError } from './errors';
import { type Timers } from './options';
import { type ControlReply, type PendingRequest, type RequestContext, type RequestReply } from './pending';

/** What the registry needs from the client. */
export interface RegistryDeps {
  timers: Timers;
  statusPollMs: number;
  maxResultBytes: number;
  logger: Logger;
  nextId(): string;
  sendFrame(frame: string): boolean;
  encode(message: ClientMessage): string;
}

/**
 * Routes replies by correlation id: to pending requests, to one-shot handlers of built-in control
 * messages (`status`, `cancel`, `subscribe`, `unsubscribe`), and to requests abandoned before their ack.
 */
export class RequestRegistry implements RequestContext {
  private readonly pending = new Map<string, PendingRequest>();
  private readonly replies = new Map<string, (reply: ControlReply) => void>();
  private readonly abandoned = new Set<string>();
  /** Ids of `cancel` frames sent and not answered yet, and who waits for them to be. */
  private readonly cancels = new Set<string>();
  private cancelsAnswered: (() => void) | undefined;

  constructor(private readonly deps: RegistryDeps) {}

  get timers(): Timers {
    return this.deps.timers;
  }

  get statusPollMs(): number {
    return this.deps.statusPollMs;
  }

  get maxResultBytes(): number {
    return this.deps.maxResultBytes;
  }

  get logger(): Logger {
    return this.deps.logger;
  }

  /** Number of unsettled requests. */
  get size(): number {
    return this.pending.size;
  }

  add(request: PendingRequest): void {
    this.pending.set(request.id, request);
  }

  sendFrame(frame: string): boolean {
    return this.deps.sendFrame(frame);
  }

  sendControl(action: ClientMessage['action'], payload: object, onReply?: (reply: ControlReply) => void): boolean {
    const id = this.deps.nextId();
    const sent = this.deps.sendFrame(this.deps.encode({ id, action, payload } as ClientMessage));
    if (sent) this.replies.set(id, onReply ?? ((reply) => this.logFailure(action, reply)));
    if (sent && action === 'cancel') this.cancels.add(id);
    return sent;
  }

  /** Resolves once every `cancel` sent has been answered (or the connection dropped), or after `timeoutMs`. */
  cancelsSettled(timeoutMs: number): Promise<void> {
    if (this.cancels.size === 0 || timeoutMs <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        this.deps.timers.clearTimeout(timer);
        this.cancelsAnswered = undefined;
        resolve();
      };
      const timer = this.deps.timers.setTimeout(done, timeoutMs);
      this.cancelsAnswered = done;
    });
  }

  cancelWhenAcked(id: string): void {
    this.abandoned.add(id);
  }

  forget(id: string): void {
    this.pending.delete(id);
  }

  /** Delivers a reply; false when nothing was waiting for its id. */
  route(reply: RequestReply & { id: string }): boolean {
    const control = this.replies.get(reply.id);
    if (control && (reply.type === 'result' || reply.type === 'result-chunk' || reply.type === 'error')) {
      this.replies.delete(reply.id);
      control(reply);
      if (this.cancels.delete(reply.id) && this.cancels.size === 0) this.cancelsAnswered?.();
      return true;
    }
    const request = this.pending.get(reply.id);
    if (request) {
      request.handle(reply);
      return true;
    }
    if (!this.abandoned.has(reply.id)) return false;
    this.routeAbandoned(reply);
    return true;
  }

  /** A connection opened: resume every pending request. */
  resumeAll(): void {
    for (const request of [...this.pending.values()]) request.resume();
  }

  /** The connection dropped: replies to anything sent on it will not come. */
  disconnected(): void {
    this.replies.clear();
    this.abandoned.clear();
    this.cancels.clear();
    this.cancelsAnswered?.();
    for (const request of this.pending.values()) request.disconnected();
  }

  /** Rejects every pending request with `error`. */
  failAll(error: StreamerError): void {
    for (const request of [...this.pending.values()]) request.reject(error);
    this.disconnected();
  }

  private routeAbandoned(reply: RequestReply & { id: string }): void {
    if (reply.type === 'progress') return;
    this.abandoned.delete(reply.id);
    if (reply.type === 'ack') this.sendControl('cancel', { requestId: reply.requestId } satisfies RequestRefPayload);
  }

  private logFailure(action: string, reply: ControlReply): void {
    if (reply.type === 'error') this.deps.logger.warn(`${action} failed`, { ...reply.error });
  }
}
