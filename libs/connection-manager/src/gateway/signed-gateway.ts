// Lean adapter (SPEC §6): each call is signed with SigV4 (`@smithy/signature-v4`, the SDK's own
// signer) and sent over a bounded keep-alive socket pool, without the SDK's per-call middleware stack.
// Passes the same error-mapping table as SdkGateway.
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { GatewayCredentials } from './credentials';
import { connectionPath, type ManagementEndpoint, parseEndpoint } from './endpoint';
import { type GatewayOperation } from './errors';
import { httpCall } from './http-call';
import { errorFromAnswer, parseConnectionInfo } from './http-answers';
import type { ClosableGateway, GatewayConnectionInfo } from './port';

export interface SignedHttpGatewayOptions {
  /** Management API endpoint (https://{domain}/{stage} or a custom domain URL). */
  endpoint: string;
  /** Signing region; defaults to the region in an execute-api hostname. */
  region?: string;
  /** Defaults to the AWS SDK's Node provider chain (env, SSO, ini, process, IMDS/ECS). */
  credentials?: GatewayCredentials;
  /** Send unsigned requests (local gateway emulators only). */
  unsigned?: boolean;
  /** Whole-request deadline per call, including waiting for a pooled socket; default 5000 ms. */
  requestTimeoutMs?: number;
  /** Keep-alive socket pool size; default 50. */
  maxSockets?: number;
}

const METHODS: Readonly<Record<GatewayOperation, string>> = { post: 'POST', get: 'GET', delete: 'DELETE' };

export class SignedHttpGateway implements ClosableGateway {
  private readonly endpoint: ManagementEndpoint;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly signer: SignatureV4 | undefined;
  private readonly timeoutMs: number;

  constructor(options: SignedHttpGatewayOptions) {
    this.endpoint = parseEndpoint(options.endpoint);
    const maxSockets = options.maxSockets ?? 50;
    const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' as const };
    this.agent = this.endpoint.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.signer = options.unsigned ? undefined : createSigner(this.endpoint, options);
    this.timeoutMs = options.requestTimeoutMs ?? 5000;
  }

  async post(connectionId: string, data: Uint8Array): Promise<void> {
    await this.call('post', connectionId, data);
  }

  async get(connectionId: string): Promise<GatewayConnectionInfo> {
    const answer = await this.call('get', connectionId);
    return parseConnectionInfo(answer.body);
  }

  async delete(connectionId: string): Promise<void> {
    await this.call('delete', connectionId);
  }

  close(): void {
    this.agent.destroy();
  }

  private async call(operation: GatewayOperation, connectionId: string, body?: Uint8Array) {
    const request = await this.prepare(operation, connectionId, body);
    const answer = await httpCall({
      protocol: this.endpoint.protocol,
      agent: this.agent,
      method: request.method,
      hostname: this.endpoint.hostname,
      port: this.endpoint.port,
      path: request.path,
      headers: request.headers,
      body,
      timeoutMs: this.timeoutMs,
      operation,
      connectionId,
    });
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw errorFromAnswer(answer, { operation, connectionId });
  }

  private async prepare(operation: GatewayOperation, connectionId: string, body?: Uint8Array): Promise<HttpRequest> {
    const headers: Record<string, string> = { host: this.endpoint.host };
    if (body) {
      headers['content-type'] = 'application/octet-stream';
      headers['content-length'] = String(body.byteLength);
    }
    const request = new HttpRequest({
      method: METHODS[operation],
      protocol: this.endpoint.protocol,
      hostname: this.endpoint.hostname,
      port: this.endpoint.port,
      path: connectionPath(this.endpoint, connectionId),
      headers,
      body,
    });
    return this.signer ? ((await this.signer.sign(request)) as HttpRequest) : request;
  }
}

function createSigner(endpoint: ManagementEndpoint, options: SignedHttpGatewayOptions): SignatureV4 {
  const region = options.region ?? endpoint.region;
  if (!region) throw new TypeError(`No signing region for management API endpoint ${endpoint.url}: pass region`);
  return new SignatureV4({
    service: 'execute-api',
    region,
    credentials: options.credentials ?? defaultProvider(),
    sha256: Hash.bind(null, 'sha256'),
  });
}
