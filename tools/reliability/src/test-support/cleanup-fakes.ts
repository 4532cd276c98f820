// Two small HTTP servers on 127.0.0.1 for the cleanup scale suite: a proxy in front of DynamoDB Local
// that counts the operations a Lambda bundle sends (the X-Amz-Target header of the JSON protocol), and
// a management API whose GET @connections/{id} answers 200, or 410 for the ids in `gone`.
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CountingProxy {
  url: string;
  /** Calls forwarded so far, by operation (Query, UpdateItem…). */
  snapshot(): Record<string, number>;
  close(): Promise<void>;
}

export interface FakeManagementApi {
  url: string;
  /** Connection ids the gateway no longer knows. */
  readonly gone: Set<string>;
  /** Every GET @connections/{id}, in order. */
  readonly checks: string[];
  close(): Promise<void>;
}

export async function countingProxy(target: string): Promise<CountingProxy> {
  const counts: Record<string, number> = {};
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const operation = String(req.headers['x-amz-target'] ?? 'unknown').split('.').pop() ?? 'unknown';
    counts[operation] = (counts[operation] ?? 0) + 1;
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer: IncomingMessage) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  return { url: await listen(server), snapshot: () => ({ ...counts }), close: () => close(server) };
}

export async function fakeManagementApi(): Promise<FakeManagementApi> {
  const gone = new Set<string>();
  const checks: string[] = [];
  const server = createServer((req, res) => {
    const id = decodeURIComponent(/\/@connections\/([^/?]+)/.exec(req.url ?? '')?.[1] ?? '');
    if (req.method === 'GET') checks.push(id);
    req.resume();
    const status = gone.has(id) ? 410 : 200;
    const body = status === 200 ? { connectedAt: '2026-12-06T19:00:00.000Z', lastActiveAt: '2026-12-06T19:30:00.000Z', identity: { sourceIp: '127.0.0.1' } } : { message: 'Gone' };
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return { url: await listen(server), gone, checks, close: () => close(server) };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
