// The `@connections` management API (also under the stage: `/{stage}/@connections/{id}`):
// POST sends the body as one text frame, GET describes the connection, DELETE closes it. Unknown or
// closed ids answer 410 GoneException. Requests may be SigV4-signed or not; the signature is not
// checked. Injected faults apply here, and an injected 410 really drops that socket.
import { isUtf8 } from 'node:buffer';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, sleep } from '@streamer/kernel';
import { MAX_MESSAGE_BYTES } from '@streamer/protocol';
import { readBody, type Route, type RouteParams, sendEmpty, sendJson } from '../http/routes';
import type { ConnectionRegistry, LiveConnection } from './connection';
import type { FaultInjector } from './faults';

export const CONNECTIONS_PATH = /^(?:\/(?<stage>[^/@][^/]*))?\/@connections\/(?<id>[^/]+)$/;

/** Above this many unsent bytes on a socket, POST answers 429 (the client side buffer is full). */
export const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface ManagementApiOptions {
  registry: ConnectionRegistry;
  stage: string;
  faults: FaultInjector;
  logger: Logger;
  maxBufferedBytes?: number;
}

type Operation = (req: IncomingMessage, res: ServerResponse, connectionId: string) => Promise<void>;

/** Calls answered since start, by method, and the faults injected among them, by status. */
export interface ManagementApiStats {
  calls: Record<'POST' | 'GET' | 'DELETE', number>;
  injectedFaults: Record<number, number>;
}

export class ManagementApi {
  private readonly counts: ManagementApiStats = { calls: { POST: 0, GET: 0, DELETE: 0 }, injectedFaults: {} };

  constructor(private readonly options: ManagementApiOptions) {}

  routes(): Route[] {
    const route = (method: 'POST' | 'GET' | 'DELETE', operation: Operation): Route => ({
      method,
      path: CONNECTIONS_PATH,
      handler: (req, res, params) => {
        this.counts.calls[method] += 1;
        return this.handle(req, res, params, operation);
      },
    });
    return [
      route('POST', (req, res, id) => this.post(req, res, id)),
      route('GET', (_req, res, id) => this.get(res, id)),
      route('DELETE', (_req, res, id) => this.delete(res, id)),
    ];
  }

  stats(): ManagementApiStats {
    return { calls: { ...this.counts.calls }, injectedFaults: { ...this.counts.injectedFaults } };
  }

  private async handle(req: IncomingMessage, res: ServerResponse, params: RouteParams, operation: Operation): Promise<void> {
    if (params['stage'] !== undefined && params['stage'] !== this.options.stage) return sendGatewayError(res, 404, 'Not Found');
    const connectionId = decodeId(params['id'] ?? '');
    if (connectionId === undefined) return sendGatewayError(res, 400, 'Invalid connection id');
    await operation(req, res, connectionId);
  }

  private async post(req: IncomingMessage, res: ServerResponse, connectionId: string): Promise<void> {
    const read = await readBody(req, MAX_MESSAGE_BYTES);
    if (read.kind === 'aborted') return;
    if (read.kind === 'too-large') return sendGatewayError(res, 413, `Message exceeds the ${MAX_MESSAGE_BYTES}-byte limit`);
    // The body goes out as the text frame's payload as it came: checked as UTF-8, never decoded and re-encoded.
    if (read.body.byteLength === 0 || !isUtf8(read.body)) return sendGatewayError(res, 400, 'Invalid data: a message must be non-empty UTF-8');
    if (await this.injectedFault(res, connectionId)) return;
    const conn = this.live(connectionId);
    if (!conn) return sendGatewayError(res, 410);
    if (conn.bufferedAmount > (this.options.maxBufferedBytes ?? MAX_BUFFERED_BYTES)) return sendGatewayError(res, 429, 'The client side buffer is full');
    conn.sendText(read.body);
    sendEmpty(res, 200, { 'x-amzn-RequestId': randomUUID(), 'content-length': '0' });
  }

  private async get(res: ServerResponse, connectionId: string): Promise<void> {
    if (await this.injectedFault(res, connectionId)) return;
    const conn = this.live(connectionId);
    if (!conn) return sendGatewayError(res, 410);
    const identity: Record<string, string> = { sourceIp: conn.sourceIp };
    if (conn.userAgent !== undefined) identity['userAgent'] = conn.userAgent;
    sendJson(
      res,
      200,
      { connectedAt: new Date(conn.connectedAt).toISOString(), identity, lastActiveAt: new Date(conn.lastActiveAt).toISOString() },
      { 'x-amzn-RequestId': randomUUID() },
    );
  }

  private async delete(res: ServerResponse, connectionId: string): Promise<void> {
    if (await this.injectedFault(res, connectionId)) return;
    const conn = this.live(connectionId);
    if (!conn) return sendGatewayError(res, 410);
    conn.close(1000, '');
    sendEmpty(res, 204, { 'x-amzn-RequestId': randomUUID() });
  }

  private live(connectionId: string): LiveConnection | undefined {
    const conn = this.options.registry.get(connectionId);
    return conn?.open ? conn : undefined;
  }

  /** Applies the injected latency, then an injected error if one is drawn; true when it answered. */
  private async injectedFault(res: ServerResponse, connectionId: string): Promise<boolean> {
    const { faults } = this.options;
    if (!faults.active) return false;
    const decision = faults.decide();
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);
    if (decision.status === undefined) return false;
    this.counts.injectedFaults[decision.status] = (this.counts.injectedFaults[decision.status] ?? 0) + 1;
    if (decision.status === 410) this.options.registry.get(connectionId)?.terminate();
    this.options.logger.debug('Injected management API fault', { connectionId, status: decision.status });
    sendGatewayError(res, decision.status);
    return true;
  }
}

function decodeId(encoded: string): string | undefined {
  try {
    const id = decodeURIComponent(encoded);
    return id === '' ? undefined : id;
  } catch {
    return undefined;
  }
}

// Error answers as the API Gateway management API gives them: the type in `x-amzn-ErrorType`, a
// JSON body `{"message": "…"}` and a request id.
const ERROR_TYPES: Readonly<Record<number, string>> = {
  400: 'BadRequestException',
  403: 'ForbiddenException',
  404: 'NotFoundException',
  410: 'GoneException',
  413: 'PayloadTooLargeException',
  429: 'LimitExceededException',
  500: 'InternalServerErrorException',
  502: 'BadGatewayException',
  503: 'ServiceUnavailableException',
  504: 'GatewayTimeoutException',
};

const DEFAULT_MESSAGES: Readonly<Record<number, string>> = {
  410: 'The connection with the provided id no longer exists.',
  413: 'Request entity too large',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function errorType(status: number): string {
  return ERROR_TYPES[status] ?? (status < 500 ? 'ClientException' : 'ServiceException');
}

export function sendGatewayError(res: ServerResponse, status: number, message = DEFAULT_MESSAGES[status] ?? errorType(status)): void {
  sendJson(res, status, { message }, { 'x-amzn-ErrorType': errorType(status), 'x-amzn-RequestId': randomUUID() });
}
