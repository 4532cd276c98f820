// Lambda entry point (handler: index.handler). Importing this module reads no environment and opens
// no connection: the first invocation reads and validates the environment and builds the DynamoDB
// stores once; later invocations reuse them. A missing or invalid variable fails that first
// invocation with an error naming it (the next one tries again).
import { createTelemetry } from '@streamer/kernel/node';
import { ConnectionLifecycle } from '@streamer/store';
import { createDynamoStores } from '@streamer/store/dynamo';
import { createDisconnectHandler, type DisconnectHandler } from './app';
import { loadConfig } from './config';
import type { DisconnectEvent, DisconnectResult } from './event';
import type { Context } from 'aws-lambda';

export type { DisconnectEvent, DisconnectResult } from './event';

/** Builds the $disconnect handler from an environment map. */
export function buildHandler(env: Record<string, string | undefined>): DisconnectHandler {
  const config = loadConfig(env);
  const telemetry = createTelemetry({ serviceName: 'streamer-disconnect', functionName: 'disconnect', env });
  const { logger, metrics } = telemetry;
  const stores = createDynamoStores({
    tables: config.tables,
    logger,
    clientConfig: config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {},
  });
  const lifecycle = new ConnectionLifecycle(stores, { disconnectedTtlSeconds: Math.round(config.disconnectedTtlMs / 1000) });
  telemetry.tracing.captureClient(stores.client);
  const disconnect = createDisconnectHandler({ lifecycle, logger, metrics });
  return telemetry.wrap(disconnect, (event) => ({ connectionId: event.requestContext?.connectionId }));
}

let instance: DisconnectHandler | undefined;

export async function handler(event: DisconnectEvent, context?: Context): Promise<DisconnectResult> {
  instance ??= buildHandler(process.env);
  return instance(event, context);
}
