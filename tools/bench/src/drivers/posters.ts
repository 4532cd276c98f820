// Three ways to POST one frame to `@connections/{id}`, used as baselines: plain keep-alive HTTP
// (unsigned), the same signed with SigV4 by @smithy/signature-v4 (the SDK's own signer, Node crypto
// hash), and the AWS SDK v3 client's PostToConnectionCommand. Each resolves with the HTTP status.
import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { mapLimit } from '@streamer/kernel';
import { Agent, request } from 'node:http';

export type Poster = (connectionId: string, body: Uint8Array) => Promise<number>;

export interface ClosablePoster {
  post: Poster;
  close(): void;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

interface Target {
  hostname: string;
  port: number;
  host: string;
  basePath: string;
}

/** `endpoint` is http://127.0.0.1:{port}/{stage} (loopback only). */
function target(endpoint: string): Target {
  const url = new URL(endpoint);
  if (url.protocol !== 'http:') throw new Error(`The benchmark posts over loopback HTTP only, not ${endpoint}`);
  return { hostname: url.hostname, port: Number(url.port), host: url.host, basePath: url.pathname.replace(/\/+$/, '') };
}

export function plainPoster(endpoint: string, maxSockets: number, signed: boolean): ClosablePoster {
  const t = target(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  const signer = signed
    ? new SignatureV4({ service: 'execute-api', region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, sha256: Hash.bind(null, 'sha256') })
    : undefined;
  const post: Poster = async (connectionId, body) => {
    const path = `${t.basePath}/@connections/${encodeURIComponent(connectionId)}`;
    const headers: Record<string, string> = { host: t.host, 'content-type': 'application/octet-stream', 'content-length': String(body.byteLength) };
    const req = new HttpRequest({ method: 'POST', protocol: 'http:', hostname: t.hostname, port: t.port, path, headers, body });
    const ready = signer ? ((await signer.sign(req)) as HttpRequest) : req;
    return send(agent, t, path, ready.headers, body);
  };
  return { post, close: () => agent.destroy() };
}

function send(agent: Agent, t: Target, path: string, headers: Record<string, string>, body: Uint8Array): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, hostname: t.hostname, port: t.port, method: 'POST', path, headers, timeout: 10_000 }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('timeout', () => req.destroy(new Error(`POST ${path} timed out`)));
    req.once('error', reject);
    req.end(body);
  });
}

/** The SDK client as an application would create it (default retries, default keep-alive handler). */
export function sdkClient(endpoint: string): ApiGatewayManagementApiClient {
  return new ApiGatewayManagementApiClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

/** PostToConnection through the SDK client; SDK retries off so it posts exactly once, like the others. */
export function sdkPoster(endpoint: string): ClosablePoster {
  const client = new ApiGatewayManagementApiClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
  const post: Poster = async (connectionId, body) => {
    try {
      const out = await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: body }));
      return out.$metadata.httpStatusCode ?? 200;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === undefined) throw error;
      return status;
    }
  };
  return { post, close: () => client.destroy() };
}

export interface PostTally {
  ok: number;
  failed: number;
  /** Answers by status, e.g. {200: 995, 410: 5}. */
  statuses: Record<number, number>;
}

/** Posts `body` to every id with at most `concurrency` in flight; never throws for one failed post. */
export async function postAll(ids: readonly string[], body: Uint8Array, post: Poster, concurrency: number): Promise<PostTally> {
  const tally: PostTally = { ok: 0, failed: 0, statuses: {} };
  await mapLimit(ids, concurrency, async (id) => {
    const status = await post(id, body).catch(() => 0);
    tally.statuses[status] = (tally.statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) tally.ok += 1;
    else tally.failed += 1;
  });
  return tally;
}
