// A loopback stand-in for API Gateway's management API that answers at once: POST /{stage}/@connections/{id}
// → 200 (counting the frames by their `type`), GET → 200 with connection details, DELETE → 204.
// Used where the benchmark wants the handler's own time, without sockets behind the gateway.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubManagementApi {
  /** http://127.0.0.1:{port}/{stage} */
  endpoint: string;
  /** Frames posted, by their JSON `type` ('?' when not JSON). */
  posted: Map<string, number>;
  stop(): Promise<void>;
}

export async function startStubManagementApi(stage = 'bench'): Promise<StubManagementApi> {
  const posted = new Map<string, number>();
  const server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => answer(req, res, posted));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}/${stage}`, posted, stop: () => close(server) };
}

function answer(req: IncomingMessage, res: ServerResponse, posted: Map<string, number>): void {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.method === 'POST') {
      const type = frameType(Buffer.concat(chunks));
      posted.set(type, (posted.get(type) ?? 0) + 1);
      res.writeHead(200, { 'content-length': '0' }).end();
    } else if (req.method === 'GET') {
      const now = new Date().toISOString();
      const body = JSON.stringify({ connectedAt: now, lastActiveAt: now, identity: { sourceIp: '127.0.0.1' } });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    } else {
      res.writeHead(204).end();
    }
  });
}

function frameType(body: Buffer): string {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { type?: unknown };
    return typeof parsed.type === 'string' ? parsed.type : '?';
  } catch {
    return '?';
  }
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
