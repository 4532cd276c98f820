// A loopback stand-in for API Gateway's management API: records every call, answers 200 (or 410 for
// sockets marked gone), so main.ts can be run with its real gateway adapters and no AWS account.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ManagementCall {
  method: string;
  connectionId: string;
  body: unknown;
  signed: boolean;
}

export interface ManagementApi {
  /** e.g. http://127.0.0.1:54321/local */
  endpoint: string;
  calls: ManagementCall[];
  gone: Set<string>;
  posted(connectionId: string): unknown[];
  close(): Promise<void>;
}

export async function startManagementApi(stage = 'local'): Promise<ManagementApi> {
  const calls: ManagementCall[] = [];
  const gone = new Set<string>();
  const prefix = `/${stage}/@connections/`;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((text) => {
      const connectionId = decodeURIComponent((req.url ?? '').slice(prefix.length));
      calls.push({ method: req.method ?? '', connectionId, body: text ? (JSON.parse(text) as unknown) : undefined, signed: /^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? '') });
      const status = gone.has(connectionId) ? 410 : 200;
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 410 && { 'x-amzn-errortype': 'GoneException' }) });
      res.end(status === 410 ? '{"message":"Gone"}' : '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/${stage}`,
    calls,
    gone,
    posted: (connectionId) => calls.filter((c) => c.method === 'POST' && c.connectionId === connectionId).map((c) => c.body),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
