// Lean adapter (SPEC §6), the default: each call is signed with SigV4 by LeanSigner (node:crypto, the
// same Authorization header as the SDK's signer) and sent over a bounded keep-alive socket pool,
// without the SDK's per-call middleware stack. Passes the same error-mapping table as SdkGateway. One
// HTTP exchange has a whole-request deadline whose timer is cleared however the exchange ends, so
// nothing is left running once a call has settled (a Lambda handler may return right after);
// transport failures become `network` / `timeout` GatewayErrors. API Gateway's error type comes from
// the `x-amzn-ErrorType` header (e.g. `GoneException`, sometimes with a `:namespace` suffix) or a JSON
// body's `__type`/`code`; the body may be empty or not JSON at all (410s often are). GET answers carry
// ISO-8601 or epoch times.
import { Agent as HttpAgent, type IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { GatewayError, GatewayOperation } from '../errors';
import { defaultCredentials } from './credentials';
import { escapeUri, type GatewayCredentials, type ManagementEndpoint, parseEndpoint, regionOf } from './endpoint';
import { type ClosableGateway, type GatewayConnectionInfo, gatewayErrorFromResponse, gatewayTransportError } from './port';
import { LeanSigner, type SignMethod } from './sigv4';

export interface SignedHttpGatewayOptions {
  /** Management API endpoint (https://{domain}/{stage} or a custom domain URL). */
  endpoint: string;
  /** Signing region; defaults to the region in an execute-api hostname. */
  region?: string;
  /** Defaults to the AWS SDK's Node provider chain (env, SSO, ini, process, IMDS/ECS; see credentials.ts), refreshed before expiry. */
  credentials?: GatewayCredentials;
  /** Send unsigned requests (local gateway emulators only). */
  unsigned?: boolean;
  /** Whole-request deadline per call, including waiting for a pooled socket; default 5000 ms. */
  requestTimeoutMs?: number;
  /** Keep-alive socket pool size; default 50. */
  maxSockets?: number;
  /** Epoch-ms clock for `x-amz-date`; default Date.now. */
  now?: () => number;
}

const METHODS: Readonly<Record<GatewayOperation, SignMethod>> = { post: 'POST', get: 'GET', delete: 'DELETE' };

export class SignedHttpGateway implements ClosableGateway {
  private readonly endpoint: ManagementEndpoint;
  private readonly agent: HttpAgent | HttpsAgent;
  private readonly signer: LeanSigner | undefined;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: SignedHttpGatewayOptions) {
    this.endpoint = parseEndpoint(options.endpoint);
    const maxSockets = options.maxSockets ?? 50;
    const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets, scheduling: 'lifo' as const };
    this.agent = this.endpoint.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.signer = options.unsigned ? undefined : createSigner(this.endpoint, options);
    this.timeoutMs = options.requestTimeoutMs ?? 5000;
    this.now = options.now ?? Date.now;
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

  private async call(operation: GatewayOperation, connectionId: string, body?: Uint8Array): Promise<HttpAnswer> {
    const method = METHODS[operation];
    const encodedId = escapeUri(connectionId);
    const headers = await this.headers(method, encodedId, body, { operation, connectionId });
    const answer = await httpCall({
      protocol: this.endpoint.protocol,
      agent: this.agent,
      method,
      hostname: this.endpoint.hostname,
      port: this.endpoint.port,
      path: `${this.endpoint.basePath}/@connections/${encodedId}`,
      headers,
      body,
      timeoutMs: this.timeoutMs,
      operation,
      connectionId,
    });
    if (answer.status >= 200 && answer.status < 300) return answer;
    throw errorFromAnswer(answer, { operation, connectionId });
  }

  private async headers(method: SignMethod, encodedId: string, body: Uint8Array | undefined, details: { operation: GatewayOperation; connectionId: string }): Promise<Record<string, string>> {
    if (this.signer === undefined) {
      const headers: Record<string, string> = { host: this.endpoint.host };
      if (body) Object.assign(headers, { 'content-type': 'application/octet-stream', 'content-length': String(body.byteLength) });
      return headers;
    }
    try {
      return await this.signer.sign(method, encodedId, body, this.now());
    } catch (error) {
      // No credentials, no request: a transport failure, as the SDK client reports it.
      throw gatewayTransportError('network', details, error);
    }
  }
}

function createSigner(endpoint: ManagementEndpoint, options: SignedHttpGatewayOptions): LeanSigner {
  const region = regionOf(endpoint, options.region);
  return new LeanSigner({ region, credentials: options.credentials ?? defaultCredentials(), basePath: endpoint.basePath, host: endpoint.host });
}

interface HttpCall {
  protocol: 'http:' | 'https:';
  agent: HttpAgent | HttpsAgent;
  method: string;
  hostname: string;
  port: number | undefined;
  path: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
  operation: GatewayOperation;
  connectionId: string;
}

interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

function httpCall(call: HttpCall): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const send = call.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send({
      agent: call.agent,
      method: call.method,
      hostname: call.hostname,
      port: call.port,
      path: call.path,
      headers: call.headers,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(new Error(`${call.method} ${call.path} exceeded ${call.timeoutMs} ms`));
    }, call.timeoutMs);
    const fail = (error: unknown): void => {
      clearTimeout(timer);
      const kind = timedOut ? 'timeout' : 'network';
      reject(gatewayTransportError(kind, { operation: call.operation, connectionId: call.connectionId }, error));
    };
    req.on('error', fail);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', fail);
      res.once('close', () => {
        if (!res.complete) fail(new Error('response aborted before its end'));
      });
      res.once('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
    });
    req.end(call.body);
  });
}

function errorFromAnswer(answer: HttpAnswer, details: { operation: GatewayOperation; connectionId: string }): GatewayError {
  const body = parseJsonObject(answer.body);
  const errorType = errorTypeOf(answer.headers['x-amzn-errortype'], body);
  const cause = new Error(typeof body?.['message'] === 'string' ? body['message'] : `HTTP ${answer.status}`);
  return gatewayErrorFromResponse({ status: answer.status, errorType, ...details }, cause);
}

function parseConnectionInfo(body: Buffer): GatewayConnectionInfo {
  const json = parseJsonObject(body) ?? {};
  const identity = typeof json['identity'] === 'object' && json['identity'] !== null ? (json['identity'] as Record<string, unknown>) : {};
  const info: GatewayConnectionInfo = {
    connectedAt: parseTime(json['connectedAt']),
    lastActiveAt: parseTime(json['lastActiveAt']),
  };
  if (typeof identity['sourceIp'] === 'string') info.sourceIp = identity['sourceIp'];
  if (typeof identity['userAgent'] === 'string') info.userAgent = identity['userAgent'];
  return info;
}

function errorTypeOf(header: string | string[] | undefined, body: Record<string, unknown> | undefined): string | undefined {
  const raw = (Array.isArray(header) ? header[0] : header) ?? stringField(body, '__type') ?? stringField(body, 'code');
  if (!raw) return undefined;
  const withoutNamespace = raw.split(':')[0] ?? raw;
  return withoutNamespace.split('#').pop()?.trim() || undefined;
}

function stringField(body: Record<string, unknown> | undefined, key: string): string | undefined {
  const value = body?.[key];
  return typeof value === 'string' ? value : undefined;
}

function parseJsonObject(body: Buffer): Record<string, unknown> | undefined {
  if (body.length === 0) return undefined;
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** ISO-8601 strings or epoch seconds → epoch ms; 0 when absent or unreadable. */
function parseTime(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.round(value * 1000);
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? 0 : ms;
  }
  return 0;
}
