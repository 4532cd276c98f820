// WebSocket events as API Gateway sends them to Lambda proxy integrations ($connect, $disconnect,
// $default), field for field.
import { randomFillSync } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type Headers = Record<string, string>;
export type MultiValueHeaders = Record<string, string[]>;

export interface WebSocketRequestContext {
  routeKey: '$connect' | '$disconnect' | '$default';
  eventType: 'CONNECT' | 'DISCONNECT' | 'MESSAGE';
  messageId?: string;
  extendedRequestId: string;
  requestTime: string;
  messageDirection: 'IN';
  stage: string;
  connectedAt: number;
  requestTimeEpoch: number;
  identity: { sourceIp: string; userAgent?: string };
  requestId: string;
  domainName: string;
  connectionId: string;
  apiId: string;
  disconnectStatusCode?: number;
  disconnectReason?: string;
}

export interface WebSocketEvent {
  requestContext: WebSocketRequestContext;
  headers?: Headers;
  multiValueHeaders?: MultiValueHeaders;
  queryStringParameters?: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  body?: string;
  isBase64Encoded: boolean;
}

/** What every event of one connection shares. */
export interface ConnectionFacts {
  connectionId: string;
  connectedAt: number;
  sourceIp: string;
  userAgent?: string;
}

export interface ApiFacts {
  apiId: string;
  stage: string;
  domainName: string;
}

function context(api: ApiFacts, conn: ConnectionFacts, now: number, route: Pick<WebSocketRequestContext, 'routeKey' | 'eventType'>): WebSocketRequestContext {
  return {
    ...route,
    extendedRequestId: gatewayId(),
    requestTime: requestTime(now),
    messageDirection: 'IN',
    stage: api.stage,
    connectedAt: conn.connectedAt,
    requestTimeEpoch: now,
    identity: { sourceIp: conn.sourceIp },
    requestId: gatewayId(),
    domainName: api.domainName,
    connectionId: conn.connectionId,
    apiId: api.apiId,
  };
}

export function connectEvent(api: ApiFacts, conn: ConnectionFacts, req: IncomingMessage, now: number): WebSocketEvent {
  const { headers, multiValueHeaders } = requestHeaders(req, conn.sourceIp);
  const query = queryParameters(req.url ?? '/');
  const requestContext = context(api, conn, now, { routeKey: '$connect', eventType: 'CONNECT' });
  requestContext.identity = conn.userAgent === undefined ? { sourceIp: conn.sourceIp } : { sourceIp: conn.sourceIp, userAgent: conn.userAgent };
  return { headers, multiValueHeaders, ...query, requestContext, isBase64Encoded: false };
}

/** A text message from the client (binary frames never get here: API Gateway refuses them). */
export function messageEvent(api: ApiFacts, conn: ConnectionFacts, body: string, now: number): WebSocketEvent {
  const requestContext = context(api, conn, now, { routeKey: '$default', eventType: 'MESSAGE' });
  requestContext.messageId = gatewayId();
  return { requestContext, body, isBase64Encoded: false };
}

export function disconnectEvent(api: ApiFacts, conn: ConnectionFacts, code: number, reason: string, now: number): WebSocketEvent {
  const requestContext = context(api, conn, now, { routeKey: '$disconnect', eventType: 'DISCONNECT' });
  requestContext.disconnectStatusCode = code;
  requestContext.disconnectReason = reason;
  const headers: Headers = { Host: api.domainName, 'x-api-key': '', 'X-Forwarded-For': '', 'x-restapi': '' };
  const multiValueHeaders = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]]));
  return { headers, multiValueHeaders, requestContext, isBase64Encoded: false };
}

/** The client's headers with their original casing, plus the ones API Gateway adds. */
function requestHeaders(req: IncomingMessage, sourceIp: string): { headers: Headers; multiValueHeaders: MultiValueHeaders } {
  const multiValueHeaders: MultiValueHeaders = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    (multiValueHeaders[name] ??= []).push(raw[i + 1] as string);
  }
  const port = String(req.socket.localPort ?? '');
  const added: Headers = { 'X-Forwarded-For': sourceIp, 'X-Forwarded-Port': port, 'X-Forwarded-Proto': 'http' };
  for (const [name, value] of Object.entries(added)) multiValueHeaders[name] = [value];
  const headers = Object.fromEntries(Object.entries(multiValueHeaders).map(([name, values]) => [name, values.join(',')]));
  return { headers, multiValueHeaders };
}

function queryParameters(url: string): Pick<WebSocketEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'> {
  const params = new URL(url, 'http://local').searchParams;
  const multi: Record<string, string[]> = {};
  for (const [name, value] of params) (multi[name] ??= []).push(value);
  if (Object.keys(multi).length === 0) return {};
  const single = Object.fromEntries(Object.entries(multi).map(([name, values]) => [name, values[values.length - 1] as string]));
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

// Identifiers shaped like API Gateway's: 11 random bytes in URL-safe base64 with its padding, e.g.
// `SsVbLdDtIAMCJ-g=` for connection ids, message ids and request ids. Every message event takes
// three, so the bytes come from a pool refilled 372 ids at a time rather than a system call each
// (as crypto.randomUUID keeps its own entropy cache).
const ID_BYTES = 11;
const pool = Buffer.alloc(ID_BYTES * 372);
let poolOffset = pool.length;

export function gatewayId(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const id = pool.toString('base64url', poolOffset, poolOffset + ID_BYTES);
  poolOffset += ID_BYTES;
  return `${id}=`;
}

/** API Gateway's `requestTime` format: `23/Nov/2026:06:25:45 +0000`. */
export function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const pad = (n: number): string => String(n).padStart(2, '0');
  const day = `${pad(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  return `${day}:${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`;
}
