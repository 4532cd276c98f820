import type {
  APIGatewayProxyEventHeaders,
  APIGatewayProxyEventMultiValueHeaders,
  APIGatewayProxyWebsocketEventV2,
} from 'aws-lambda';

/**
 * The `$connect` event: a WebSocket event that also carries the upgrade request's headers and query
 * string (the token arrives as `?Authorization=…`, an `Authorization` header, or a
 * `Sec-WebSocket-Protocol: streamer.v1, bearer.<jwt>` offer from browsers).
 */
export type ConnectEvent = APIGatewayProxyWebsocketEventV2 & {
  headers?: APIGatewayProxyEventHeaders;
  multiValueHeaders?: APIGatewayProxyEventMultiValueHeaders;
};

/** What API Gateway needs back: 200 accepts the socket; anything else refuses it. */
export interface ConnectResult {
  statusCode: 200 | 400 | 401 | 500;
  /** With a 200 to a subprotocol offer: `Sec-WebSocket-Protocol` naming the protocol (never the token). */
  headers?: Record<string, string>;
}
