// Reference adapter: the AWS SDK v3 management API client with SDK retries off (the manager owns
// the retry policy) and a keep-alive socket pool. SDK exceptions are translated here, by their shape:
// `$metadata.httpStatusCode`, the modeled exception name (GoneException, LimitExceededException, …)
// and `$fault`. Errors without an HTTP answer are transport failures (timeouts by the SDK's
// TimeoutError name or ETIMEDOUT code).
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  ApiGatewayManagementApiClient,
  ApiGatewayManagementApiServiceException,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { type GatewayError, type GatewayOperation } from '../errors';
import { type GatewayCredentials, parseEndpoint, regionOf } from './endpoint';
import { type ClosableGateway, type GatewayConnectionInfo, gatewayErrorFromResponse, gatewayTransportError } from './port';

export interface SdkGatewayOptions {
  /** Management API endpoint (https://{domain}/{stage} or a custom domain URL). */
  endpoint: string;
  /** Defaults to the region in an execute-api hostname. */
  region?: string;
  /** Defaults to the SDK's default provider chain. */
  credentials?: GatewayCredentials;
  /** Whole-request deadline per call; default 5000 ms. */
  requestTimeoutMs?: number;
  /** Socket connect deadline; default 1000 ms. */
  connectTimeoutMs?: number;
  /** Keep-alive socket pool size; default 50. */
  maxSockets?: number;
  /** A pre-built client (tests, or a shared client); the options above are then ignored except endpoint. */
  client?: ApiGatewayManagementApiClient;
  /** Instruments the client this adapter builds (X-Ray: the Lambda telemetry's `captureClient`). */
  captureClient?: <T>(client: T) => T;
}

export class SdkGateway implements ClosableGateway {
  readonly client: ApiGatewayManagementApiClient;

  constructor(options: SdkGatewayOptions) {
    this.client = options.client ?? (options.captureClient ?? ((client) => client))(createSdkClient(options));
  }

  async post(connectionId: string, data: Uint8Array): Promise<void> {
    await this.call('post', connectionId, () =>
      this.client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data })),
    );
  }

  async get(connectionId: string): Promise<GatewayConnectionInfo> {
    const out = await this.call('get', connectionId, () =>
      this.client.send(new GetConnectionCommand({ ConnectionId: connectionId })),
    );
    const info: GatewayConnectionInfo = {
      connectedAt: out.ConnectedAt?.getTime() ?? 0,
      lastActiveAt: out.LastActiveAt?.getTime() ?? 0,
    };
    if (out.Identity?.SourceIp) info.sourceIp = out.Identity.SourceIp;
    if (out.Identity?.UserAgent) info.userAgent = out.Identity.UserAgent;
    return info;
  }

  async delete(connectionId: string): Promise<void> {
    await this.call('delete', connectionId, () =>
      this.client.send(new DeleteConnectionCommand({ ConnectionId: connectionId })),
    );
  }

  close(): void {
    this.client.destroy();
  }

  private async call<T>(operation: GatewayOperation, connectionId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw translateSdkError(error, { operation, connectionId });
    }
  }
}

function createSdkClient(options: SdkGatewayOptions): ApiGatewayManagementApiClient {
  const endpoint = parseEndpoint(options.endpoint);
  const region = regionOf(endpoint, options.region);
  const maxSockets = options.maxSockets ?? 50;
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  return new ApiGatewayManagementApiClient({
    endpoint: endpoint.url,
    region,
    maxAttempts: 1,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler: new NodeHttpHandler({
      httpAgent: new HttpAgent(agentOptions),
      httpsAgent: new HttpsAgent(agentOptions),
      connectionTimeout: options.connectTimeoutMs ?? 1000,
      requestTimeout: options.requestTimeoutMs ?? 5000,
      throwOnRequestTimeout: true,
    }),
  });
}

const TIMEOUT_CODES: ReadonlySet<string> = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'TimeoutError', 'RequestTimeout']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function translateSdkError(error: unknown, details: { operation: GatewayOperation; connectionId: string }): GatewayError {
  const shape: SdkErrorShape = typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
  const status = typeof shape.$metadata?.httpStatusCode === 'number' ? shape.$metadata.httpStatusCode : undefined;
  const name = typeof shape.name === 'string' ? shape.name : undefined;
  if (status !== undefined || error instanceof ApiGatewayManagementApiServiceException) {
    const errorType = name === 'ApiGatewayManagementApiServiceException' ? undefined : name;
    return gatewayErrorFromResponse({ status, errorType, fault: faultOf(shape.$fault), ...details }, error);
  }
  const code = typeof shape.code === 'string' ? shape.code : undefined;
  const timedOut = (name !== undefined && TIMEOUT_CODES.has(name)) || (code !== undefined && TIMEOUT_CODES.has(code));
  return gatewayTransportError(timedOut ? 'timeout' : 'network', details, error);
}

function faultOf(fault: unknown): 'client' | 'server' | undefined {
  return fault === 'client' || fault === 'server' ? fault : undefined;
}
