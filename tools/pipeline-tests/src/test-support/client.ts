// One WebSocket client as the Lambdas see it: a connection id whose frames go through the router
// bundle and whose received frames are the management API POSTs the gateway recorded for it.
import type { ServerMessage } from '@streamer/protocol';
import { waitFor } from '@streamer/kernel/testing';
import type { Pipeline } from './pipeline';

export class TestClient {
  constructor(
    private readonly pipeline: Pipeline,
    readonly connectionId: string,
    readonly userId: string,
    readonly tenantId: string,
  ) {}

  /** Every frame this socket has received, in order. */
  frames(): ServerMessage[] {
    return this.pipeline.gateway.framesTo(this.connectionId) as ServerMessage[];
  }

  /** Frames with correlation id `id` (progress, result, error, ack…). */
  framesFor(id: string | null): ServerMessage[] {
    return this.frames().filter((frame) => 'id' in frame && frame.id === id);
  }

  /**
   * Sends one frame (objects are JSON-encoded; strings are sent as they are) through `$default` and
   * returns the router's one reply to it: the frame with the same id (or `id: null` for a frame the
   * router could not read) that arrived during the invocation.
   */
  async send(frame: unknown): Promise<ServerMessage> {
    const before = this.frames().length;
    const body = typeof frame === 'string' ? frame : JSON.stringify(frame);
    const result = await this.pipeline.invoke('router', this.pipeline.event('$default', this.connectionId, { body }));
    if ((result as { statusCode?: number }).statusCode !== 200) throw new Error(`$default answered ${JSON.stringify(result)}`);
    const id = idOf(frame);
    const replies = this.frames()
      .slice(before)
      .filter((reply) => 'id' in reply && (reply.id === id || reply.id === null));
    if (replies.length !== 1) throw new Error(`Expected one reply to ${body.slice(0, 80)}, got ${JSON.stringify(replies)}`);
    return replies[0] as ServerMessage;
  }

  /** Waits (bounded) until a frame matching `predicate` has arrived, and returns it. */
  async waitForFrame(what: string, predicate: (frame: ServerMessage) => boolean, timeoutMs = 20_000): Promise<ServerMessage> {
    await waitFor(() => this.frames().some(predicate), what, timeoutMs);
    return this.frames().find(predicate) as ServerMessage;
  }

  /** The client goes away: the socket is gone at the gateway and API Gateway runs `$disconnect`. */
  async close(): Promise<void> {
    this.pipeline.gateway.markGone(this.connectionId);
    await this.pipeline.invoke('disconnect', this.pipeline.event('$disconnect', this.connectionId));
  }
}

function idOf(frame: unknown): string | null {
  if (typeof frame === 'string') {
    try {
      return idOf(JSON.parse(frame));
    } catch {
      return null;
    }
  }
  const id = typeof frame === 'object' && frame !== null ? (frame as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : null;
}
