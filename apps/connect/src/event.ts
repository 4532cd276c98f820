import type {
  APIGatewayProxyEventHeaders,
  APIGatewayProxyEventMultiValueHeaders,
  APIGatewayProxyWebsocketEventV2,
} from 'aws-lambda';

/**
 * The `$connect` event: a WebSocket event that also carries the upgrade request's headers and query
 * string (the token arrives as `?Authorization=…` from browsers, or an `Authorization` header).
 */
export type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: APIGatewayProxyEventHeaders;
  multiValueHeaders?: APIGatewayProxyEventMultiValueHeaders;
};

/** What API Gateway needs back: 200 accepts the socket; anything else refuses it. */
export interface ConnectResult {
  statusCode: 200 | 401 | 429 | 500;
  /** With a 429: `{"code": "RATE_LIMITED", "reason": "user-connections" | "tenant-connections"}`. */
  body?: string;
}
