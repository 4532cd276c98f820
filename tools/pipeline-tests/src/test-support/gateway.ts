// A loopback stand-in for API Gateway's management API (`/{stage}/@connections/{id}`): records every
// POST (the frames a client receives), GET and DELETE, and answers like API Gateway — 200 with the
// connection's info for GET, 204 for DELETE, and 410 `GoneException` for a socket that is gone.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface GatewayCall {
  method: 'POST' | 'GET' | 'DELETE';
  connectionId: string;
  /** POST body, parsed as JSON. */
  frame?: unknown;
  /** True when the request carried a SigV4 `Authorization` header. */
  signed: boolean;
  /** What the gateway answered (410 for a gone socket). */
  status: number;
}

export interface RecordingGateway {
  /** Management API endpoint including the stage, e.g. http://127.0.0.1:PORT/test */
  endpoint: string;
  calls: GatewayCall[];
  /** Frames delivered to a connection (POSTs answered 200), in arrival order. */
  framesTo(connectionId: string): unknown[];
  callsTo(connectionId: string, method: GatewayCall['method']): GatewayCall[];
  /** From now on the connection answers 410 GoneException (the client left). */
  markGone(connectionId: string): void;
  isGone(connectionId: string): boolean;
  /** The next `times` POSTs to the connection answer `status` (a 500: InternalServerErrorException). */
  failPosts(connectionId: string, status: number, times: number): void;
  /**
   * Runs before a POST is answered, e.g. to read what is stored at the moment a frame arrives.
   * Errors are kept in `observerErrors` (the POST is still answered).
   */
  beforePost: ((call: GatewayCall) => Promise<void>) | undefined;
  observerErrors: unknown[];
  close(): Promise<void>;
}

export async function startRecordingGateway(stage = 'test'): Promise<RecordingGateway> {
  const calls: GatewayCall[] = [];
  const gone = new Set<string>();
  const failures = new Map<string, { status: number; left: number }>();
  const prefix = `/${stage}/@connections/`;
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => answer(req, res, body));
  });
  const gateway = { beforePost: undefined, observerErrors: [] } as Pick<RecordingGateway, 'beforePost' | 'observerErrors'>;

  async function answer(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const url = req.url ?? '';
    if (!url.startsWith(prefix)) return json(res, 403, 'MissingAuthenticationTokenException', { message: 'Missing Authentication Token' });
    const connectionId = decodeURIComponent(url.slice(prefix.length));
    const method = req.method as GatewayCall['method'];
    const signed = /^AWS4-HMAC-SHA256 /.test(req.headers.authorization ?? '');
    const failure = method === 'POST' ? failures.get(connectionId) : undefined;
    if (failure && failure.left > 0) {
      failure.left -= 1;
      calls.push({ method, connectionId, signed, status: failure.status });
      return json(res, failure.status, 'InternalServerErrorException', { message: 'Internal server error' });
    }
    const status = gone.has(connectionId) ? 410 : method === 'DELETE' ? 204 : 200;
    const call: GatewayCall = { method, connectionId, signed, status, ...(method === 'POST' ? { frame: JSON.parse(body) as unknown } : {}) };
    if (method === 'POST' && gateway.beforePost) await gateway.beforePost(call).catch((error: unknown) => gateway.observerErrors.push(error));
    calls.push(call);
    if (status === 410) return json(res, 410, 'GoneException', { message: 'Gone' });
    if (method === 'DELETE') {
      gone.add(connectionId);
      res.writeHead(204).end();
      return;
    }
    if (method === 'GET') {
      const now = new Date().toISOString();
      return json(res, 200, undefined, { connectedAt: now, lastActiveAt: now, identity: { sourceIp: '127.0.0.1', userAgent: 'pipeline-tests' } });
    }
    res.writeHead(200).end();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const callsTo = (connectionId: string, method: GatewayCall['method']) =>
    calls.filter((call) => call.connectionId === connectionId && call.method === method);
  const rest: Omit<RecordingGateway, 'beforePost' | 'observerErrors'> = {
    endpoint: `http://127.0.0.1:${port}/${stage}`,
    calls,
    framesTo: (connectionId) => callsTo(connectionId, 'POST').filter((call) => call.status === 200).map((call) => call.frame),
    callsTo,
    markGone: (connectionId) => gone.add(connectionId),
    isGone: (connectionId) => gone.has(connectionId),
    failPosts: (connectionId, status, times) => failures.set(connectionId, { status, left: times }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return Object.assign(gateway, rest);
}

function json(res: ServerResponse, status: number, errorType: string | undefined, body: object): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (errorType) headers['x-amzn-ErrorType'] = errorType;
  res.writeHead(status, headers).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
