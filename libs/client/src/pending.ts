import { StreamerError } from './errors';
import { type ControlReply, type PendingOptions, type RequestContext, type RequestReply, RequestState } from './request-state';
import { applyStatusView } from './status';

/**
 * One request in flight: sent (or waiting for a connection), acknowledged, reporting progress, and
 * finally settled by `result`/`error`, a terminal `status`, abort, timeout or the client closing.
 */
export class PendingRequest extends RequestState {
  private sent = false;
  private resumed = false;
  private polling = false;
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
    if (reply.type === 'error') {
      const error = StreamerError.fromWire(reply.error, this.requestId);
      return error.retryable ? this.schedulePoll() : this.reject(error);
    }
    const outcome = applyStatusView(this, reply.data);
    if (outcome === 'unreadable') this.ctx.logger.warn('Ignored an unreadable status reply', { id: this.id });
    if (outcome !== 'settled') this.schedulePoll();
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
