// The three routes' integrations as the gateway sees them: functions from an event to the Lambda's
// answer. The stack wires them to the Lambda bundles; gateway tests wire plain functions.
import { randomUUID } from 'node:crypto';
import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketEvent } from './events';

export type Integration = (event: WebSocketEvent) => Promise<unknown>;

export interface RouteIntegrations {
  $connect: Integration;
  $disconnect: Integration;
  $default: Integration;
}

/** API Gateway gives up on an integration after 29 s (the Lambda may run on). */
export const INTEGRATION_TIMEOUT_MS = 29_000;

export type IntegrationOutcome = { kind: 'answered'; value: unknown } | { kind: 'failed'; error: unknown } | { kind: 'timed-out' };

export function integrate(integration: Integration, event: WebSocketEvent, timeoutMs = INTEGRATION_TIMEOUT_MS): Promise<IntegrationOutcome> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ kind: 'timed-out' }), timeoutMs);
    timer.unref();
    integration(event).then(
      (value) => {
        clearTimeout(timer);
        resolve({ kind: 'answered', value });
      },
      (error: unknown) => {
        clearTimeout(timer);
        resolve({ kind: 'failed', error });
      },
    );
  });
}

/** The HTTP status a $connect answer stands for: its `statusCode`, or 200 for an answer without one. */
export function connectStatus(answer: unknown): number {
  if (typeof answer !== 'object' || answer === null) return 200;
  const status = (answer as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : 200;
}

/** A $connect answer's body (API Gateway returns it with a refusal). */
export function connectBody(answer: unknown): string {
  const body = typeof answer === 'object' && answer !== null ? (answer as { body?: unknown }).body : undefined;
  return typeof body === 'string' ? body : '';
}

/** The subprotocol a $connect answer selects through its `Sec-WebSocket-Protocol` header, if any. */
export function selectedProtocol(answer: unknown): string | undefined {
  const headers = typeof answer === 'object' && answer !== null ? (answer as { headers?: unknown }).headers : undefined;
  if (typeof headers !== 'object' || headers === null) return undefined;
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'sec-websocket-protocol');
  return typeof entry?.[1] === 'string' ? entry[1] : undefined;
}

/** The subprotocols a client offered in its `Sec-WebSocket-Protocol` header(s), in order. */
export function offeredProtocols(req: IncomingMessage): string[] {
  const header = req.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header.split(',').map((value) => value.trim()).filter((value) => value !== '');
}

/**
 * Why a browser would fail this handshake after a 2xx $connect answer, or undefined when it completes.
 * API Gateway returns the answer's `Sec-WebSocket-Protocol` header as it is
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html);
 * the client then fails the connection when it offered subprotocols and none of them came back, or
 * when one came back that it did not offer (RFC 6455 §4.1; WHATWG WebSockets, "establish a WebSocket connection").
 */
export function subprotocolMismatch(offered: readonly string[], selected: string | undefined): string | undefined {
  if (selected === undefined) return offered.length > 0 ? 'the $connect answer selected none of the offered subprotocols' : undefined;
  return offered.includes(selected) ? undefined : 'the $connect answer selected a subprotocol the client did not offer';
}

// Raw HTTP answers on an upgrade socket that will not become a WebSocket.
export function refuseUpgrade(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  const payload = Buffer.from(body, 'utf8');
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Connection: close',
    'Content-Type: application/json',
    `Content-Length: ${payload.byteLength}`,
    `x-amzn-RequestId: ${randomUUID()}`,
  ];
  socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), payload]));
  setTimeout(() => socket.destroy(), 1_000).unref();
}

/** A WebSocket opening handshake (RFC 6455 §4.2.1), checked before any Lambda runs for it. */
export function isWebSocketHandshake(req: IncomingMessage): boolean {
  const upgrade = req.headers.upgrade?.toLowerCase();
  const key = req.headers['sec-websocket-key'];
  return req.method === 'GET' && upgrade === 'websocket' && typeof key === 'string' && key.length > 0 && req.headers['sec-websocket-version'] === '13';
}

/** The client address without the IPv4-mapped IPv6 prefix. */
export function sourceIpOf(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? '127.0.0.1';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}
