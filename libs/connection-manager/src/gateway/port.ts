// The narrow port the connection manager needs from API Gateway's management API, and how every
// adapter classifies a failure. Adapters: SdkGateway (AWS SDK v3 client), SignedHttpGateway (SigV4
// over keep-alive HTTP), behind '@streamer/connection-manager/gateway'; fake: FakeGateway in ./testing.
// Every adapter rejects with GatewayError only, classified the same way: by HTTP status first, then by
// the service's error type (the `x-amzn-ErrorType` header or the SDK exception name), never by message text.
import { GatewayError, type GatewayErrorKind, type GatewayOperation } from '../errors';

/** What the management API knows about a live connection. Times are epoch milliseconds. */
export interface GatewayConnectionInfo {
  connectedAt: number;
  lastActiveAt: number;
  sourceIp?: string;
  userAgent?: string;
}

export interface GatewayPort {
  /** POST @connections/{id}: delivers one frame to the socket. */
  post(connectionId: string, data: Uint8Array): Promise<void>;
  /** GET @connections/{id}: the connection's details; rejects with a `gone` GatewayError when closed. */
  get(connectionId: string): Promise<GatewayConnectionInfo>;
  /** DELETE @connections/{id}: closes the socket. */
  delete(connectionId: string): Promise<void>;
}

/** A gateway adapter that owns sockets or clients and can release them. */
export interface ClosableGateway extends GatewayPort {
  close(): void;
}

export const MANAGE_CONNECTIONS_HINT =
  'the caller lacks permission: grant execute-api:ManageConnections on arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/POST/@connections/* (and GET/DELETE)';

const TYPE_KINDS: Readonly<Record<string, GatewayErrorKind>> = {
  GoneException: 'gone',
  LimitExceededException: 'throttled',
  ThrottlingException: 'throttled',
  TooManyRequestsException: 'throttled',
  PayloadTooLargeException: 'payload-too-large',
  ForbiddenException: 'forbidden',
  AccessDeniedException: 'forbidden',
};

/**
 * Classifies an answer of the management API: status first, then the error type; an answer with
 * neither is a client error when the service said so (`fault`), a server error otherwise.
 */
function kindOfResponse(
  status: number | undefined,
  errorType: string | undefined,
  fault?: 'client' | 'server',
): GatewayErrorKind {
  if (status === 410) return 'gone';
  if (status === 429) return 'throttled';
  if (status === 413) return 'payload-too-large';
  if (status === 403) return 'forbidden';
  if (status !== undefined && status >= 500) return 'server';
  const byType = errorType === undefined ? undefined : TYPE_KINDS[errorType];
  if (byType) return byType;
  if (status !== undefined) return 'client';
  return fault === 'client' ? 'client' : 'server';
}

/** Builds the GatewayError for an HTTP answer (status + optional error type). */
export function gatewayErrorFromResponse(
  response: {
    status?: number;
    errorType?: string;
    fault?: 'client' | 'server';
    operation?: GatewayOperation;
    connectionId?: string;
  },
  cause?: unknown,
): GatewayError {
  const kind = kindOfResponse(response.status, response.errorType, response.fault);
  const what = [response.status, response.errorType].filter((v) => v !== undefined).join(' ');
  const base = `Management API ${response.operation ?? 'call'} failed: ${kind}${what ? ` (${what})` : ''}`;
  const message = kind === 'forbidden' ? `${base}; ${MANAGE_CONNECTIONS_HINT}` : base;
  return new GatewayError(
    message,
    { kind, status: response.status, errorType: response.errorType, operation: response.operation },
    { cause, connectionId: response.connectionId },
  );
}

/** Builds the GatewayError for a call that got no HTTP answer. */
export function gatewayTransportError(
  kind: 'network' | 'timeout',
  details: { operation?: GatewayOperation; connectionId?: string },
  cause?: unknown,
): GatewayError {
  const message = `Management API ${details.operation ?? 'call'} failed: ${kind === 'timeout' ? 'timed out' : 'network error'}`;
  return new GatewayError(message, { kind, operation: details.operation }, { cause, connectionId: details.connectionId });
}
