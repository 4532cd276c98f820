// Gateway failures as one typed error, classified the same way by every adapter (SDK, signed HTTP,
// fake): by HTTP status first, then by the service's error type (the `x-amzn-ErrorType` header or the
// SDK exception name), never by message text.
import { ConnectionError, type ConnectionErrorOptions } from '../errors';

export type GatewayErrorKind =
  | 'gone'
  | 'throttled'
  | 'server'
  | 'network'
  | 'timeout'
  | 'payload-too-large'
  | 'forbidden'
  | 'client';

const RETRYABLE_KINDS: ReadonlySet<GatewayErrorKind> = new Set(['throttled', 'server', 'network', 'timeout']);
/** Kinds that count against the gateway circuit breaker (the endpoint itself is unhealthy). */
const BREAKER_KINDS: ReadonlySet<GatewayErrorKind> = new Set(['server', 'network', 'timeout']);

export const MANAGE_CONNECTIONS_HINT =
  'the caller lacks permission: grant execute-api:ManageConnections on arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/POST/@connections/* (and GET/DELETE)';

export interface GatewayErrorDetails {
  kind: GatewayErrorKind;
  /** HTTP status, when the gateway answered. */
  status?: number;
  /** Service error type, e.g. GoneException, when known. */
  errorType?: string;
  operation?: GatewayOperation;
}

export type GatewayOperation = 'post' | 'get' | 'delete';

/** A call to the API Gateway management API failed. `kind` says how; `retryable` says whether to try again. */
export class GatewayError extends ConnectionError {
  readonly name = 'GatewayError';
  readonly code = 'GATEWAY_ERROR';
  readonly kind: GatewayErrorKind;
  readonly status: number | undefined;
  readonly errorType: string | undefined;
  readonly operation: GatewayOperation | undefined;

  constructor(message: string, details: GatewayErrorDetails, options: ConnectionErrorOptions = {}) {
    super(message, options);
    this.kind = details.kind;
    this.status = details.status;
    this.errorType = details.errorType;
    this.operation = details.operation;
  }

  get retryable(): boolean {
    return RETRYABLE_KINDS.has(this.kind);
  }

  protected override context(): Record<string, unknown> {
    return { kind: this.kind, status: this.status, errorType: this.errorType, operation: this.operation };
  }
}

/** True for gateway errors that mean the endpoint is unhealthy (5xx, network, timeout). */
export function countsAgainstBreaker(error: unknown): boolean {
  return error instanceof GatewayError && BREAKER_KINDS.has(error.kind);
}

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
export function kindOfResponse(
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
