import type { ConnectEvent } from '../event';

export interface ConnectEventOptions {
  connectionId?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  connectedAt?: number;
}

/** A `$connect` event shaped like the one API Gateway sends. */
export function connectEvent(options: ConnectEventOptions = {}): ConnectEvent {
  const connectionId = options.connectionId ?? 'conn-1=';
  return {
    requestContext: {
      routeKey: '$connect',
      messageId: 'msg-1',
      eventType: 'CONNECT',
      extendedRequestId: 'ext-1',
      requestTime: '23/Nov/2026:10:00:00 +0000',
      messageDirection: 'IN',
      stage: 'prod',
      connectedAt: options.connectedAt ?? 1_795_000_000_000,
      requestTimeEpoch: options.connectedAt ?? 1_795_000_000_000,
      requestId: 'req-1',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      connectionId,
      apiId: 'abc123',
    },
    isBase64Encoded: false,
    ...(options.query && { queryStringParameters: options.query }),
    headers: { Host: 'abc123.execute-api.eu-west-1.amazonaws.com', ...options.headers },
  };
}
