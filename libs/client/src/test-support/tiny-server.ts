import { ack, type ClientMessage, error, event, type EventMessage, parseClientMessage, pong, progress, type RequestStatusView, result, type ServerMessage } from '@streamer/protocol';
import { WebSocket, WebSocketServer } from 'ws';

/** A stored request, like the requests table: it outlives the socket that asked for it. */
interface Job {
  view: RequestStatusView;
  socket: WebSocket;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * A tiny Streamer-speaking server over real sockets for integration tests. Token "good" is accepted,
 * anything else is refused with HTTP 401. Actions: echo, report (ack → progress → result, optionally
 * dropping the socket right after the ack), fail, drop_before_ack (drops the first attempt of an id),
 * plus the built-ins ping, status, cancel, subscribe (with `since`: the stored events after it first),
 * unsubscribe. Published topic events are numbered and kept.
 */
export class TinyServer {
  readonly received: ClientMessage[] = [];
  readonly sockets = new Set<WebSocket>();
  private readonly jobs = new Map<string, Job>();
  private readonly byClientId = new Map<string, string>();
  private readonly topics = new Map<string, Set<WebSocket>>();
  private readonly history = new Map<string, EventMessage[]>();
  private readonly seen = new Set<string>();
  private wss: WebSocketServer | undefined;
  private nextRequest = 0;

  async start(): Promise<string> {
    this.wss = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: ({ req }, done) => done(tokenOf(req) === 'good', 401),
      // Streamer's $connect echoes the protocol name, never the `bearer.` value.
      handleProtocols: (offered) => (offered.has('streamer.v1') ? 'streamer.v1' : false),
    });
    this.wss.on('connection', (socket) => this.accept(socket));
    await new Promise<void>((resolve) => this.wss?.once('listening', resolve));
    return `ws://127.0.0.1:${(this.wss.address() as { port: number }).port}/ws`;
  }

  async stop(): Promise<void> {
    for (const job of this.jobs.values()) clearTimeout(job.timer);
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => (this.wss ? this.wss.close(() => resolve()) : resolve()));
  }

  /** Stores the topic's next event and pushes it to every socket subscribed to `topic`. */
  publish(topic: string, data: unknown): void {
    const stored = this.history.get(topic) ?? [];
    const message = event(topic, data, { seq: stored.length + 1, publishedAt: Date.now() });
    stored.push(message);
    this.history.set(topic, stored);
    for (const socket of this.topics.get(topic) ?? []) this.send(socket, message);
  }

  /** Drops every open socket without a closing handshake. */
  dropAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  messages(action: string): ClientMessage[] {
    return this.received.filter((m) => m.action === action);
  }

  private accept(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('message', (data, isBinary) => {
      const parsed = parseClientMessage(isBinary ? new Uint8Array(data as Buffer) : data.toString());
      if (!parsed.ok) return this.send(socket, error(parsed.error.id, 'INVALID_REQUEST', parsed.error.message));
      this.received.push(parsed.message);
      this.handle(parsed.message, socket);
    });
  }

  private handle(message: ClientMessage, socket: WebSocket): void {
    const payload = (message.payload ?? {}) as Record<string, unknown>;
    switch (message.action) {
      case 'ping':
        return this.send(socket, pong(message.id));
      case 'echo':
        return this.send(socket, result(message.id, payload));
      case 'fail':
        return this.send(socket, error(message.id, 'INVALID_REQUEST', 'recordCount must be positive'));
      case 'drop_before_ack':
        if (this.seen.has(message.id)) return this.send(socket, result(message.id, { attempt: 2 }));
        this.seen.add(message.id);
        return socket.terminate();
      case 'report':
        return this.report(message.id, payload, socket);
      case 'status':
        return this.status(message.id, String(payload['requestId']), socket);
      case 'cancel':
        return this.cancel(message.id, String(payload['requestId']), socket);
      case 'subscribe':
      case 'unsubscribe':
        return this.subscription(message, String(payload['topic']), socket);
      default:
        return this.send(socket, error(message.id, 'INVALID_REQUEST', `Unknown action ${message.action}`));
    }
  }

  private report(id: string, payload: Record<string, unknown>, socket: WebSocket): void {
    const known = this.byClientId.get(id);
    if (known) return this.send(socket, ack(id, known, this.jobs.get(known)?.view.status));
    const requestId = `r-${++this.nextRequest}`;
    const job: Job = { view: { requestId, status: 'queued', progress: 0 }, socket };
    this.jobs.set(requestId, job);
    this.byClientId.set(id, requestId);
    const dropAfterAck = payload['dropAfterAck'] === true;
    socket.send(JSON.stringify(ack(id, requestId)), () => (dropAfterAck ? socket.terminate() : undefined));
    this.step(id, job, Number(payload['steps'] ?? 4), Number(payload['stepMs'] ?? 5), 1);
  }

  private step(id: string, job: Job, steps: number, stepMs: number, n: number): void {
    job.timer = setTimeout(() => {
      if (job.view.status === 'cancelled') return;
      const value = n / steps;
      job.view = { ...job.view, status: 'processing', progress: value, progressMessage: `step ${n}` };
      this.send(job.socket, progress(id, job.view.requestId, value, `step ${n}`));
      if (n < steps) return this.step(id, job, steps, stepMs, n + 1);
      job.view = { ...job.view, status: 'completed', result: { steps } };
      this.send(job.socket, result(id, { steps }));
    }, stepMs);
  }

  private status(id: string, requestId: string, socket: WebSocket): void {
    const job = this.jobs.get(requestId);
    this.send(socket, job ? result(id, job.view) : error(id, 'NOT_FOUND', 'No such request'));
  }

  private cancel(id: string, requestId: string, socket: WebSocket): void {
    const job = this.jobs.get(requestId);
    if (!job) return this.send(socket, error(id, 'NOT_FOUND', 'No such request'));
    clearTimeout(job.timer);
    job.view = { ...job.view, status: 'cancelled' };
    this.send(socket, result(id, { requestId, status: 'cancelled' }));
  }

  private subscription(message: ClientMessage, topic: string, socket: WebSocket): void {
    const sockets = this.topics.get(topic) ?? new Set<WebSocket>();
    this.topics.set(topic, sockets);
    if (message.action === 'unsubscribe') {
      sockets.delete(socket);
      return this.send(socket, result(message.id, { topic, subscribed: false }));
    }
    sockets.add(socket);
    const stored = this.history.get(topic) ?? [];
    const since = (message.payload as { since?: number }).since;
    if (since !== undefined) for (const missed of stored.slice(since)) this.send(socket, missed);
    this.send(socket, result(message.id, { topic, subscribed: true, seq: stored.length }));
  }

  /** Sends if the socket is still open; a message to a gone socket is lost, as with API Gateway. */
  private send(socket: WebSocket, message: ServerMessage): void {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  }
}

/** The token of an upgrade request: the `Authorization` query parameter, else the `bearer.` subprotocol value. */
function tokenOf(req: { url?: string; headers: Record<string, string | string[] | undefined> }): string | undefined {
  const fromQuery = new URL(req.url ?? '/', 'http://x').searchParams.get('Authorization');
  if (fromQuery !== null) return fromQuery;
  const header = req.headers['sec-websocket-protocol'];
  const offered = (typeof header === 'string' ? header : '').split(',').map((value) => value.trim());
  return offered.find((value) => value.startsWith('bearer.'))?.slice('bearer.'.length);
}
