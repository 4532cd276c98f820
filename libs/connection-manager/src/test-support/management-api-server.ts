// A tiny 127.0.0.1 stand-in for API Gateway's management API (`/{stage}/@connections/{id}`) that
// answers scripted statuses the way API Gateway does: `x-amzn-ErrorType` header plus a JSON
// `{"message": …}` body (or an empty body, as 410s often have), and records every request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ScriptedAnswer = { status: number; errorType?: string; body?: string } | 'destroy' | 'hang';

export interface ReceivedRequest {
  method: string;
  /** Raw request path as sent on the wire. */
  path: string;
  connectionId: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
  socket: number;
}

export interface ManagementApiServer {
  /** Endpoint URL including the stage, e.g. http://127.0.0.1:PORT/prod */
  url: string;
  requests: ReceivedRequest[];
  answer(connectionId: string, answer: ScriptedAnswer): void;
  socketsOpened(): number;
  reset(): void;
  close(): Promise<void>;
}

export const CONNECTED_AT = '2026-11-22T10:00:00.000Z';
export const LAST_ACTIVE_AT = '2026-11-22T10:05:00.500Z';

export async function startManagementApi(stage = 'prod'): Promise<ManagementApiServer> {
  const requests: ReceivedRequest[] = [];
  const answers = new Map<string, ScriptedAnswer>();
  const sockets = new WeakMap<Socket, number>();
  let opened = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '';
      const connectionId = decodeURIComponent(path.split('/').pop() ?? '');
      requests.push({ method: req.method ?? '', path, connectionId, headers: req.headers, body: Buffer.concat(chunks), socket: sockets.get(req.socket) ?? -1 });
      respond(req, res, answers.get(connectionId), stage);
    });
  });
  server.on('connection', (socket) => sockets.set(socket, ++opened));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${stage}`,
    requests,
    answer: (connectionId, answer) => answers.set(connectionId, answer),
    socketsOpened: () => opened,
    reset: () => {
      requests.length = 0;
      answers.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function respond(req: IncomingMessage, res: ServerResponse, answer: ScriptedAnswer | undefined, stage: string): void {
  if (answer === 'destroy') return void req.socket.destroy();
  if (answer === 'hang') return;
  if (!req.url?.startsWith(`/${stage}/@connections/`)) return json(res, 403, 'MissingAuthenticationTokenException', '{"message":"Missing Authentication Token"}');
  if (answer) return json(res, answer.status, answer.errorType, answer.body ?? '');
  if (req.method === 'GET') {
    const body = { connectedAt: CONNECTED_AT, identity: { sourceIp: '203.0.113.7', userAgent: 'test-agent' }, lastActiveAt: LAST_ACTIVE_AT };
    return json(res, 200, undefined, JSON.stringify(body));
  }
  res.writeHead(req.method === 'DELETE' ? 204 : 200, { 'x-amzn-RequestId': 'req-1' });
  res.end();
}

function json(res: ServerResponse, status: number, errorType: string | undefined, body: string): void {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-amzn-RequestId': 'req-1' };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  res.writeHead(status, headers);
  res.end(body);
}
