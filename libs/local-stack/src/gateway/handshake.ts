// Raw HTTP answers on an upgrade socket that will not become a WebSocket.
import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

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
