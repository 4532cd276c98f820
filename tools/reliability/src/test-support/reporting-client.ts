// A client as the faults suite plays it: one user with a few queued reports, doing what a careful
// client does when its socket misbehaves — re-send a frame whose reply does not come (the id makes it
// idempotent), and after its socket is dropped, reconnect and learn every outcome through `status`.
// Every frame of every socket it had is kept, so a test can count exactly what arrived where.
import type { LocalStack } from '@streamer/local-stack';
import type { ServerMessage } from '@streamer/protocol';
import { TERMINAL_STATUSES } from '@streamer/store';
import { callWithRetry, isRateLimited } from './resilient-call';
import { WireClient } from './wire-client';

export interface ReportFrame {
  id: string;
  action: 'generate_report';
  payload: { recordCount: number };
}

/** A request's outcome: its result, or an error other than a RATE_LIMITED refusal of one copy of the frame. */
export const isTerminal = (m: ServerMessage): boolean => m.type === 'result' || (m.type === 'error' && !isRateLimited(m));

export const isTerminalStatus = (status: string | undefined): boolean => (TERMINAL_STATUSES as readonly string[]).includes(status ?? '');

export class ReportingClient {
  readonly sockets: WireClient[] = [];
  /** requestId by client id, from an ack. */
  readonly requestIds = new Map<string, string>();
  /** States read through `status`, by client id. */
  readonly fetched = new Map<string, string>();

  private constructor(
    private readonly stack: LocalStack,
    readonly user: string,
    readonly tenant: string,
    readonly frames: ReportFrame[],
  ) {}

  static async open(stack: LocalStack, user: string, tenant: string, frames: ReportFrame[]): Promise<ReportingClient> {
    const client = new ReportingClient(stack, user, tenant, frames);
    client.sockets.push(await WireClient.open(stack.wsUrl, await stack.token(user, tenant)));
    return client;
  }

  get first(): WireClient {
    return this.sockets[0] as WireClient;
  }

  /** True while the first socket is still open: this client never had to reconnect. */
  get lived(): boolean {
    return this.first.isOpen;
  }

  terminalFrames(id: string): ServerMessage[] {
    return this.sockets.flatMap((s) => s.framesFor(id).filter(isTerminal));
  }

  /** The client knows how request `id` ended: a terminal message, or a terminal state read through `status`. */
  knows(id: string): boolean {
    return this.terminalFrames(id).length > 0 || isTerminalStatus(this.fetched.get(id));
  }

  async subscribe(topic: string): Promise<void> {
    await callWithRetry(this.first, { id: `${this.user}-sub`, action: 'subscribe', payload: { topic } });
  }

  /** One request after the other on the first socket: send, wait for the ack, then for the outcome. */
  async run(): Promise<void> {
    const socket = this.first;
    for (const frame of this.frames) {
      if (!socket.isOpen) return;
      await this.ask(socket, frame);
      await socket.until(() => (this.knows(frame.id) || !socket.isOpen ? true : undefined), 15_000);
    }
  }

  /**
   * Reconnects (a new socket whenever the last one is gone, at most 10 rounds) until every request's
   * outcome is known: unacked requests are re-sent, then each is asked for through `status`; one still
   * running has moved to this socket, so its terminal message is awaited there.
   */
  async recover(): Promise<void> {
    for (let round = 0; round < 10 && this.frames.some((f) => !this.knows(f.id)); round += 1) {
      const socket = await this.liveSocket();
      for (const frame of this.frames.filter((f) => !this.knows(f.id))) {
        if (!this.requestIds.has(frame.id)) await this.ask(socket, frame);
        const requestId = this.requestIds.get(frame.id);
        if (requestId === undefined) continue;
        const reply = await callWithRetry(socket, { id: `${frame.id}-st${round}`, action: 'status', payload: { requestId } });
        if (reply?.type === 'result') this.fetched.set(frame.id, (reply.data as { status: string }).status);
        if (!this.knows(frame.id)) await socket.until(() => (this.knows(frame.id) || !socket.isOpen ? true : undefined), 10_000);
      }
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.sockets.map((s) => s.close()));
  }

  private async ask(socket: WireClient, frame: ReportFrame): Promise<void> {
    const reply = await callWithRetry(socket, frame);
    if (reply?.type === 'ack') this.requestIds.set(frame.id, reply.requestId);
  }

  private async liveSocket(): Promise<WireClient> {
    const last = this.sockets[this.sockets.length - 1] as WireClient;
    if (last.isOpen) return last;
    const socket = await WireClient.open(this.stack.wsUrl, await this.stack.token(this.user, this.tenant));
    this.sockets.push(socket);
    return socket;
  }
}
