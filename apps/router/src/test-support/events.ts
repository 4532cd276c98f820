import type { RouterEvent } from '../event';

/** A `$default` event carrying one frame, shaped like the one API Gateway sends. */
export function messageEvent(connectionId: string, body: string | undefined, isBase64Encoded = false): RouterEvent {
  return {
    requestContext: {
      routeKey: '$default',
      messageId: 'msg-1',
      eventType: 'MESSAGE',
      extendedRequestId: 'ext-1',
      requestTime: '23/Nov/2026:10:00:00 +0000',
      messageDirection: 'IN',
      stage: 'prod',
      connectedAt: 1_795_000_000_000,
      requestTimeEpoch: 1_795_000_000_100,
      requestId: 'req-1',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      connectionId,
      apiId: 'abc123',
    },
    ...(body !== undefined && { body }),
    isBase64Encoded,
  };
}
