// $connect: verify the token, store the connection (user and tenant from the verified token), accept.
// A bad or missing token → 401 and nothing stored; a full connection quota → 429 with the reason and
// nothing stored; a server-side failure → 500 without details. A non-2xx $connect answer refuses the
// upgrade ("You want to throttle connections or control who connects", $connect route:
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-route-keys-connect-disconnect.html).
import { AuthError, extractToken, type Principal, type Verifier } from '@streamer/auth';
import { type Clock, type Logger, systemClock } from '@streamer/kernel';
import type { ConnectionRecord, ConnectionStore, QuotaPolicy, QuotaStore } from '@streamer/store';
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
  /** DynamoDB TTL of the stored connection. */
  connectionTtlMs: number;
  /** Default: the system clock. */
  clock?: Clock;
}

export type ConnectHandler = (event: ConnectEvent) => Promise<ConnectResult>;

/** Verification failures that are the server's fault, not the client's. */
const SERVER_SIDE = new Set(['jwks-unavailable', 'internal', 'invalid-config']);

export function createConnectHandler(deps: ConnectDeps): ConnectHandler {
  const clock = deps.clock ?? systemClock;
  return async (event) => {
    const { connectionId } = event.requestContext;
    const principal = await authenticate(deps, event);
    if (!('userId' in principal)) return principal;
    let refusal: ConnectResult | undefined;
    try {
      refusal = await store(deps, connectionRecord(event, principal, clock.now(), deps.connectionTtlMs));
    } catch (error) {
      deps.logger.error('connect: connection could not be stored', { connectionId, error });
      return { statusCode: 500 };
    }
    if (refusal !== undefined) return refusal;
    deps.logger.info('connect: connection accepted', { connectionId, userId: principal.userId, tenantId: principal.tenantId });
    return { statusCode: 200 };
  };
}

/** Stores the connection, within its quotas when there are any; the 429 answer when a quota is full. */
async function store(deps: ConnectDeps, connection: ConnectionRecord): Promise<ConnectResult | undefined> {
  if (deps.quotas === undefined) {
    await deps.connections.put(connection);
    return undefined;
  }
  const admission = await deps.quotas.store.admitConnection(connection, deps.quotas.policy(connection.tenantId));
  if (admission.admitted) return undefined;
  const { connectionId, userId, tenantId } = connection;
  deps.logger.info('connect: connection quota full', { connectionId, userId, tenantId, reason: admission.reason });
  return { statusCode: 429, body: JSON.stringify({ code: 'RATE_LIMITED', reason: admission.reason }) };
}

async function authenticate(deps: ConnectDeps, event: ConnectEvent): Promise<Principal | ConnectResult> {
  const { connectionId } = event.requestContext;
  try {
    return await deps.verifier.verify(extractToken(event));
  } catch (error) {
    if (error instanceof AuthError && !SERVER_SIDE.has(error.reason)) {
      deps.logger.info('connect: token refused', { connectionId, reason: error.reason });
      return { statusCode: 401 };
    }
    const reason = error instanceof AuthError ? error.reason : 'unexpected';
    deps.logger.error('connect: token could not be verified', { connectionId, reason });
    return { statusCode: 500 };
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
  };
}
