// $connect: verify the token, store the connection (user and tenant from the verified token, and when
// the token stops being accepted), accept. A bad or missing token → 401 and nothing stored; a
// subprotocol offer without ours → 400; a full connection quota → 429 with the reason and nothing
// stored; a server-side failure → 500 without details. A non-2xx $connect answer refuses the upgrade
// ("You want to throttle connections or control who connects", $connect route:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html).
// A client that offered `streamer.v1` (the browser transport of the token) gets it echoed — the name,
// never the token. Metrics: `Connects`, `ConnectsRefused` by reason (400, 401, 429), `ConnectErrors` by
// reason (500); one outcome line per attempt with its status and duration (never the token).
import { answerSubprotocol, AuthError, extractToken, type Principal, type SubprotocolAnswer, type Verifier } from '@streamer/auth';
import { type Clock, type Logger, type Metrics, silentMetrics, systemClock } from '@streamer/kernel';
import type { ConnectionRecord, ConnectionStore, QuotaPolicy, QuotaStore } from '@streamer/store';
import type { Context } from 'aws-lambda';
import type { ConnectEvent, ConnectResult } from './event';

export interface ConnectDeps {
  verifier: Verifier;
  connections: Pick<ConnectionStore, 'put'>;
  /**
   * Connection quotas: with them the connection is stored by `quotas.admitConnection` (one transaction
   * that also takes its places under `quotaPolicy(tenantId)`), not by `connections.put`.
   */
  quotas?: { store: Pick<QuotaStore, 'admitConnection'>; policy: QuotaPolicy };
  logger: Logger;
  /** Default: none. */
  metrics?: Metrics;
  /** Adds the verified tenant and user to the invocation's later log lines (the Lambda telemetry's `correlate`). */
  correlate?: (fields: Record<string, string>) => void;
  /** DynamoDB TTL of the stored connection. */
  connectionTtlMs: number;
  /** Default: the system clock. */
  clock?: Clock;
}

/** The Lambda context is optional: the handler itself never reads it (the telemetry wrapper does). */
export type ConnectHandler = (event: ConnectEvent, context?: Context) => Promise<ConnectResult>;

/** Verification failures that are the server's fault, not the client's. */
const SERVER_SIDE = new Set(['jwks-unavailable', 'internal', 'invalid-config']);

export function createConnectHandler(deps: ConnectDeps): ConnectHandler {
  const clock = deps.clock ?? systemClock;
  const metrics = deps.metrics ?? silentMetrics;
  return async (event) => {
    const started = clock.now();
    const outcome = await connect(deps, event, clock);
    const { reason, ...result } = outcome;
    const { statusCode } = result;
    if (statusCode === 200) metrics.count('Connects');
    else metrics.count(statusCode === 500 ? 'ConnectErrors' : 'ConnectsRefused', 1, { reason: reason ?? 'unexpected' });
    const fields = { connectionId: event.requestContext.connectionId, action: '$connect', statusCode, durationMs: clock.now() - started };
    deps.logger.info('connect: outcome', reason === undefined ? fields : { ...fields, reason });
    return result;
  };
}

interface Outcome extends ConnectResult {
  /** Why a connection was refused or failed (an AuthError reason, `subprotocol`, a quota's, `store`, `unexpected`). */
  reason?: string;
}

async function connect(deps: ConnectDeps, event: ConnectEvent, clock: Clock): Promise<Outcome> {
  const { connectionId } = event.requestContext;
  const subprotocol = answerSubprotocol(event);
  if (subprotocol.kind === 'unsupported') {
    deps.logger.info('connect: no supported subprotocol offered', { connectionId });
    return { statusCode: 400, reason: 'subprotocol' };
  }
  const principal = await authenticate(deps, event);
  if (!('userId' in principal)) return principal;
  deps.correlate?.({ tenantId: principal.tenantId, userId: principal.userId });
  let refusal: Outcome | undefined;
  try {
    refusal = await store(deps, connectionRecord(event, principal, clock.now(), deps.connectionTtlMs));
  } catch (error) {
    deps.logger.error('connect: connection could not be stored', { connectionId, error });
    return { statusCode: 500, reason: 'store' };
  }
  // Accepted: the handler's one `connect: outcome` line says so, with the tenant and user `correlate` added.
  return refusal ?? accepted(subprotocol);
}

/** Stores the connection, within its quotas when there are any; the 429 answer when a quota is full. */
async function store(deps: ConnectDeps, connection: ConnectionRecord): Promise<Outcome | undefined> {
  if (deps.quotas === undefined) {
    await deps.connections.put(connection);
    return undefined;
  }
  const admission = await deps.quotas.store.admitConnection(connection, deps.quotas.policy(connection.tenantId));
  if (admission.admitted) return undefined;
  const { connectionId, userId, tenantId } = connection;
  deps.logger.info('connect: connection quota full', { connectionId, userId, tenantId, reason: admission.reason });
  return { statusCode: 429, body: JSON.stringify({ code: 'RATE_LIMITED', reason: admission.reason }), reason: admission.reason };
}

/**
 * API Gateway completes the handshake with the headers of the integration's answer; a browser that
 * offered subprotocols fails it unless one of them comes back in `Sec-WebSocket-Protocol`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-connect-route-subprotocol.html).
 */
function accepted(subprotocol: SubprotocolAnswer): Outcome {
  return subprotocol.kind === 'echo' ? { statusCode: 200, headers: { 'Sec-WebSocket-Protocol': subprotocol.protocol } } : { statusCode: 200 };
}

async function authenticate(deps: ConnectDeps, event: ConnectEvent): Promise<Principal | Outcome> {
  const { connectionId } = event.requestContext;
  try {
    return await deps.verifier.verify(extractToken(event));
  } catch (error) {
    if (error instanceof AuthError && !SERVER_SIDE.has(error.reason)) {
      deps.logger.info('connect: token refused', { connectionId, reason: error.reason });
      return { statusCode: 401, reason: error.reason };
    }
    const reason = error instanceof AuthError ? error.reason : 'unexpected';
    deps.logger.error('connect: token could not be verified', { connectionId, reason });
    return { statusCode: 500, reason };
  }
}

/** The stored connection: identity from the token, endpoint from the request context. */
export function connectionRecord(event: ConnectEvent, principal: Principal, now: number, ttlMs: number): ConnectionRecord {
  const { connectionId, domainName, stage, connectedAt } = event.requestContext;
  return {
    connectionId,
    userId: principal.userId,
    tenantId: principal.tenantId,
    status: 'CONNECTED',
    endpoint: `https://${domainName}/${stage}`,
    connectedAt: typeof connectedAt === 'number' ? connectedAt : now,
    lastActiveAt: now,
    ttl: Math.floor((now + ttlMs) / 1000),
    tokenExpiresAt: principal.acceptedUntil,
  };
}
