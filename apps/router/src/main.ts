// Lambda entry point (handler: index.handler). Importing this module reads no environment and opens
// no connection: the first invocation reads and validates the environment and builds the DynamoDB
// stores, the management API gateway, the connection manager and the router once; later invocations
// of this execution environment reuse them. A missing or invalid variable fails that first invocation
// with an error naming it (the next one tries again).
//
// The handlers come from `createRegistry()` in @streamer/handlers (libs/handlers): the one composition
// point, where you register your own handlers.
import { createTelemetry } from '@streamer/kernel/node';
import { createGateway } from '@streamer/connection-manager/gateway';
import { createRegistry } from '@streamer/handlers';
import { createDynamoStores } from '@streamer/store/dynamo';
import { createRouterHandler, type RouterHandler } from './app';
import { loadConfig } from './config';
import { endpointFromEvent, type RouterContext, type RouterEvent, type RouterResult } from './event';

export type { RouterContext, RouterEvent, RouterResult } from './event';

/**
 * Builds the $default handler from an environment map. Without WEBSOCKET_ENDPOINT the management API
 * endpoint is derived from `event` (https://{domainName}/{stage}); set it for custom domains and local stacks.
 */
export function buildHandler(env: Record<string, string | undefined>, event: RouterEvent): RouterHandler {
  const config = loadConfig(env);
  const telemetry = createTelemetry({ serviceName: 'streamer-router', functionName: 'router', env });
  const { logger, metrics } = telemetry;
  const stores = createDynamoStores({
    tables: config.tables,
    logger,
    clientConfig: config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {},
  });
  const endpoint = config.websocketEndpoint ?? endpointFromEvent(event);
  const region = config.region ? { region: config.region } : {};
  telemetry.tracing.captureClient(stores.client);
  const gateway = createGateway({ kind: config.gatewayAdapter, endpoint, ...region, captureClient: (client) => telemetry.tracing.captureClient(client) });
  const { rateLimit, syncTimeoutMs, requestTtlMs, eventRetentionSeconds } = config;
  const router = { rateLimit, syncTimeoutMs, requestTtlMs };
  const correlate = (fields: Record<string, string | null | undefined>): void => telemetry.correlate(fields);
  const route = createRouterHandler({ registry: createRegistry(), stores, gateway, logger, metrics, correlate, router, eventRetentionSeconds });
  return telemetry.wrap(route, (frame) => ({ connectionId: frame.requestContext?.connectionId }));
}

let instance: RouterHandler | undefined;

export async function handler(event: RouterEvent, context?: RouterContext): Promise<RouterResult> {
  instance ??= buildHandler(process.env, event);
  return instance(event, context);
}
