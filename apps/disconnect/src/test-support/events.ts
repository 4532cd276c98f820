import type { DisconnectEvent } from '../event';

/** A `$disconnect` event shaped like the one API Gateway sends. */
export function disconnectEvent(connectionId = 'conn-1='): DisconnectEvent {
  return {
    requestContext: {
      routeKey: '$disconnect',
      messageId: 'msg-1',
      eventType: 'DISCONNECT',
      extendedRequestId: 'ext-1',
      requestTime: '23/Nov/2026:10:00:00 +0000',
      messageDirection: 'IN',
      stage: 'prod',
      connectedAt: 1_795_000_000_000,
      requestTimeEpoch: 1_795_000_060_000,
      requestId: 'req-1',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      connectionId,
      apiId: 'abc123',
      disconnectStatusCode: 1001,
      disconnectReason: 'Going away',
    },
    isBase64Encoded: false,
  };
}
