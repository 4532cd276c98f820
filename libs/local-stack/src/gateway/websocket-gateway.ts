// API Gateway's WebSocket side: the opening handshake runs $connect (a non-2xx answer refuses it
// with that status; a subprotocol answer the client cannot accept fails it as a browser would), every
// text message runs $default, every close runs $disconnect, whoever closed.
// Limits as API Gateway has them: 128 KiB per message and 32 KiB per client frame (close 1009), no
// binary frames (close 1003; see client-frames.ts for both), an idle timeout and a maximum connection
// age (close 1001 "Going away").
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '@streamer/kernel';
import { MAX_MESSAGE_BYTES } from '@streamer/protocol';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { withinMs } from '../util/support';
import { ClientFrameScanner } from './client-frames';
import { type ConnectionLimits, type ConnectionRegistry, GOING_AWAY, LiveConnection } from './connection';
import { type ApiFacts, connectEvent, type ConnectionFacts, disconnectEvent, gatewayId, messageEvent } from './events';
import {
  connectBody,
  connectStatus,
  integrate,
  isWebSocketHandshake,
  offeredProtocols,
  refuseUpgrade,
  type RouteIntegrations,
  selectedProtocol,
  sourceIpOf,
  subprotocolMismatch,
} from './integrations';

export interface WebSocketGatewayOptions extends ConnectionLimits {
  api: ApiFacts;
  integrations: RouteIntegrations;
  registry: ConnectionRegistry;
  logger: Logger;
  /** Paths a client may connect on (default `/` and `/{stage}`). */
  paths?: readonly string[];
  integrationTimeoutMs?: number;
  clock?: () => number;
}

export class WebSocketGateway {
  private readonly wss: WebSocketServer;
  private readonly protocols = new WeakMap<IncomingMessage, string | undefined>();
  private readonly paths: ReadonlySet<string>;
  private readonly clock: () => number;
  private stopping = false;
  private notifyDisconnect = true;

  constructor(private readonly options: WebSocketGatewayOptions) {
    this.clock = options.clock ?? Date.now;
    this.paths = new Set(options.paths ?? ['/', `/${options.api.stage}`]);
    this.wss = new WebSocketServer({
      noServer: true,
      // Whole messages, however many frames they come in (ws closes with 1009 above it).
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      clientTracking: false,
      handleProtocols: (_offered, req) => this.protocols.get(req) ?? false,
    });
  }

  get registry(): ConnectionRegistry {
    return this.options.registry;
  }

  /** The HTTP server's `upgrade` listener. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (error) => this.options.logger.debug('Upgrade socket error', { error }));
    void this.upgrade(req, socket, head).catch((error: unknown) => {
      this.options.logger.error('WebSocket handshake failed', { error });
      refuseUpgrade(socket, 500, '{"message": "Internal server error"}');
    });
  }

  /**
   * Closes every socket with 1001 "Going away" and waits (bounded) for them to finish. With
   * `notifyDisconnect: false` no $disconnect runs for these closes (the tables go away with the stack).
   */
  async close(options: { notifyDisconnect: boolean; graceMs?: number }): Promise<void> {
    this.stopping = true;
    this.notifyDisconnect = options.notifyDisconnect;
    const closed = this.registry.all().map((conn) => new Promise<void>((resolve) => {
      conn.socket.once('close', () => resolve());
      conn.close(GOING_AWAY.code, GOING_AWAY.reason);
    }));
    await withinMs(Promise.all(closed), options.graceMs ?? 3_000);
    for (const conn of this.registry.all()) conn.terminate();
    this.wss.close();
  }

  private async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (!this.paths.has(path)) return refuseUpgrade(socket, 404, '{"message": "Not Found"}');
    if (!isWebSocketHandshake(req)) return refuseUpgrade(socket, 400, '{"message": "Bad Request"}');
    if (this.stopping) return refuseUpgrade(socket, 503, '{"message": "Service Unavailable"}');
    const facts = this.connectionFacts(req);
    const outcome = await integrate(this.options.integrations.$connect, connectEvent(this.options.api, facts, req, this.clock()), this.options.integrationTimeoutMs);
    if (outcome.kind === 'failed') this.options.logger.warn('$connect failed', { connectionId: facts.connectionId, error: outcome.error });
    if (outcome.kind !== 'answered') return refuseUpgrade(socket, outcome.kind === 'failed' ? 500 : 504, '{"message": "Internal server error"}');
    const status = connectStatus(outcome.value);
    if (status < 200 || status > 299) return refuseUpgrade(socket, status, connectBody(outcome.value));
    if (socket.destroyed || this.stopping) {
      this.disconnected(facts, 1006, 'Client went away during $connect');
      socket.destroy();
      return;
    }
    const selected = selectedProtocol(outcome.value);
    const mismatch = subprotocolMismatch(offeredProtocols(req), selected);
    this.protocols.set(req, selected);
    this.wss.handleUpgrade(req, socket, head, (ws) => (mismatch ? this.failedByClient(ws, facts, mismatch) : this.opened(ws, socket, facts)));
  }

  /**
   * The 101 went out as API Gateway sends it, with the answer's subprotocol; a browser fails such a
   * handshake and drops the TCP connection, so the emulator drops it for the client (a `ws` client
   * that offered subprotocols fails it itself) and API Gateway's $disconnect follows.
   */
  private failedByClient(ws: WebSocket, facts: ConnectionFacts, mismatch: string): void {
    this.options.logger.warn(`Handshake failed: ${mismatch}`, { connectionId: facts.connectionId });
    ws.terminate();
    this.disconnected(facts, 1006, 'Subprotocol handshake failed');
  }

  private connectionFacts(req: IncomingMessage): ConnectionFacts {
    const userAgent = req.headers['user-agent'];
    const facts: ConnectionFacts = { connectionId: gatewayId(), connectedAt: this.clock(), sourceIp: sourceIpOf(req) };
    if (userAgent !== undefined) facts.userAgent = userAgent;
    return facts;
  }

  private opened(ws: WebSocket, socket: Duplex, facts: ConnectionFacts): void {
    const conn = new LiveConnection(facts, ws, this.options, this.clock);
    this.registry.add(conn);
    // Ahead of ws's own listener, so a refused frame closes the socket before ws can deliver it.
    const frames = new ClientFrameScanner((violation) => conn.close(violation.code, violation.reason));
    socket.prependListener('data', (chunk: Buffer) => frames.write(chunk));
    ws.on('message', (data, isBinary) => this.received(conn, data, isBinary));
    ws.on('error', (error) => {
      conn.violated(error);
      this.options.logger.debug('WebSocket error', { connectionId: conn.connectionId, error });
    });
    ws.once('close', (code, reason) => {
      conn.stopTimers();
      this.registry.remove(conn.connectionId);
      const closed = conn.closedBy ?? { code, reason: reason.toString('utf8') };
      this.disconnected(conn, closed.code, closed.reason);
    });
  }

  private received(conn: LiveConnection, data: RawData, isBinary: boolean): void {
    // A message completed after the gateway started closing (a refused frame among them) goes nowhere;
    // a binary one never reaches this point open (ClientFrameScanner closes with 1003 first).
    if (conn.closing || isBinary) return;
    conn.touch();
    const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
    const event = messageEvent(this.options.api, conn, bytes.toString('utf8'), this.clock());
    void integrate(this.options.integrations.$default, event, this.options.integrationTimeoutMs).then((outcome) => {
      if (outcome.kind === 'answered') return;
      if (outcome.kind === 'failed') this.options.logger.warn('$default failed', { connectionId: conn.connectionId, error: outcome.error });
      // What API Gateway tells the client when the integration fails or times out.
      const message = outcome.kind === 'failed' ? 'Internal server error' : 'Endpoint request timed out';
      conn.sendText(JSON.stringify({ message, connectionId: conn.connectionId, requestId: event.requestContext.requestId }));
    });
  }

  private disconnected(facts: ConnectionFacts, code: number, reason: string): void {
    if (!this.notifyDisconnect) return;
    const event = disconnectEvent(this.options.api, facts, code, reason, this.clock());
    void integrate(this.options.integrations.$disconnect, event, this.options.integrationTimeoutMs).then((outcome) => {
      if (outcome.kind !== 'answered') this.options.logger.warn('$disconnect did not complete', { connectionId: facts.connectionId, outcome: outcome.kind });
    });
  }
}
