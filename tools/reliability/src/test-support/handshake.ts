// The outcome of one WebSocket opening handshake: the socket opened, or the HTTP status (and body)
// that refused it. The token goes in the `Authorization` query parameter (what browsers send) or in
// an `Authorization: Bearer …` header.
import { WebSocket } from 'ws';

export type Transport = 'query' | 'header';

export type Handshake = { opened: true; ws: WebSocket } | { opened: false; status: number; body: string };

export function handshake(wsUrl: string, token: string | undefined, transport: Transport, timeoutMs = 15_000): Promise<Handshake> {
  const url = token !== undefined && transport === 'query' ? `${wsUrl}?Authorization=${encodeURIComponent(token)}` : wsUrl;
  const headers: Record<string, string> = token !== undefined && transport === 'header' ? { Authorization: `Bearer ${token}` } : {};
  const ws = new WebSocket(url, { headers, handshakeTimeout: timeoutMs });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ opened: true, ws }));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('end', () => {
        ws.terminate();
        resolve({ opened: false, status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    ws.once('error', (error) => reject(error));
  });
}
