// API Gateway WebSocket events shaped like the real ones, for handler-level timings.
const DOMAIN = 'bench.execute-api.us-east-1.amazonaws.com';

interface ContextOptions {
  routeKey: string;
  eventType: 'CONNECT' | 'DISCONNECT' | 'MESSAGE';
  connectionId: string;
  domainName?: string;
  stage?: string;
}

function requestContext(o: ContextOptions): Record<string, unknown> {
  const now = Date.now();
  return {
    routeKey: o.routeKey,
    messageId: `m-${o.connectionId}`,
    eventType: o.eventType,
    extendedRequestId: `x-${o.connectionId}`,
    requestTime: new Date(now).toUTCString(),
    messageDirection: 'IN',
    stage: o.stage ?? 'bench',
    connectedAt: now,
    requestTimeEpoch: now,
    requestId: `r-${o.connectionId}`,
    domainName: o.domainName ?? DOMAIN,
    connectionId: o.connectionId,
    apiId: 'bench',
  };
}

export function connectEvent(connectionId: string, token: string): Record<string, unknown> {
  return {
    requestContext: requestContext({ routeKey: '$connect', eventType: 'CONNECT', connectionId }),
    isBase64Encoded: false,
    queryStringParameters: { Authorization: token },
    headers: { Host: DOMAIN },
  };
}

export function disconnectEvent(connectionId: string): Record<string, unknown> {
  const context = { ...requestContext({ routeKey: '$disconnect', eventType: 'DISCONNECT', connectionId }), disconnectStatusCode: 1000, disconnectReason: 'Client closed' };
  return { requestContext: context, isBase64Encoded: false };
}

/** A `$default` message; `endpoint` (http://host:port/stage) decides domainName and stage. */
export function messageEvent(connectionId: string, body: string, endpoint?: { domainName: string; stage: string }): Record<string, unknown> {
  return {
    requestContext: requestContext({ routeKey: '$default', eventType: 'MESSAGE', connectionId, ...endpoint }),
    isBase64Encoded: false,
    body,
  };
}
