import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

/** The `$disconnect` event; API Gateway adds why the socket closed. */
export type DisconnectEvent = APIGatewayProxyWebsocketEventV2 & {
  requestContext: APIGatewayProxyWebsocketEventV2['requestContext'] & {
    disconnectStatusCode?: number;
    disconnectReason?: string;
  };
};

/** API Gateway ignores the answer to `$disconnect`; it is always 200. */
export interface DisconnectResult {
  statusCode: 200;
}
