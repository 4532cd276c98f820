// Reading API Gateway's HTTP answers: the error type comes from the `x-amzn-ErrorType` header
// (e.g. `GoneException`, sometimes with a `:namespace` suffix) or a JSON body's `__type`/`code`;
// the body may be empty or not JSON at all (410s often are). GET answers carry ISO-8601 or epoch times.
import type { HttpAnswer } from './http-call';
import { gatewayErrorFromResponse, type GatewayError, type GatewayOperation } from './errors';
import type { GatewayConnectionInfo } from './port';

export function errorFromAnswer(answer: HttpAnswer, details: { operation: GatewayOperation; connectionId: string }): GatewayError {
  const body = parseJsonObject(answer.body);
  const errorType = errorTypeOf(answer.headers['x-amzn-errortype'], body);
  const cause = new Error(typeof body?.['message'] === 'string' ? body['message'] : `HTTP ${answer.status}`);
  return gatewayErrorFromResponse({ status: answer.status, errorType, ...details }, cause);
}

export function parseConnectionInfo(body: Buffer): GatewayConnectionInfo {
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
