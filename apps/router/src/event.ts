import type { APIGatewayProxyWebsocketEventV2 } from 'aws-lambda';

/** The `$default` event: one frame from one socket. */
export type RouterEvent = APIGatewayProxyWebsocketEventV2;

/** The part of the Lambda context the router uses. */
export interface RouterContext {
  getRemainingTimeInMillis(): number;
}

/** Always 200: errors travel to the client as messages, not as integration failures. */
export interface RouterResult {
  statusCode: 200;
}

/** The management API endpoint of the stage that delivered `event`: https://{domainName}/{stage}. */
export function endpointFromEvent(event: RouterEvent): string {
  const { domainName, stage } = event.requestContext;
  return `https://${domainName}/${stage}`;
}
