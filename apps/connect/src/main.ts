// Lambda entry point (handler: index.handler). Importing this module reads no environment and opens
// no connection: the first invocation reads and validates the environment, builds the verifier and
// the DynamoDB store once, and later invocations of this execution environment reuse them. A missing
// or invalid variable fails that first invocation with an error naming it (the next one tries again).
import { createVerifier } from '@streamer/auth';
import { createTelemetry } from '@streamer/kernel/node';
import { createDynamoStores } from '@streamer/store/dynamo';
import { type ConnectHandler, createConnectHandler } from './app';
import { loadConfig } from './config';
import type { ConnectEvent, ConnectResult } from './event';
import type { Context } from 'aws-lambda';

export type { ConnectEvent, ConnectResult } from './event';

/** Builds the $connect handler from an environment map. */
export async function buildHandler(env: Record<string, string | undefined>): Promise<ConnectHandler> {
  const config = loadConfig(env);
  const telemetry = createTelemetry({ serviceName: 'streamer-connect', functionName: 'connect', env });
  const { logger, metrics } = telemetry;
  const verifier = await createVerifier(config.auth, { logger });
  const stores = createDynamoStores({
    tables: config.tables,
    logger,
    clientConfig: config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {},
  });
  telemetry.tracing.captureClient(stores.client);
  const connect = createConnectHandler({
    verifier,
    connections: stores.connections,
    logger,
    metrics,
    correlate: (fields) => telemetry.correlate(fields),
    connectionTtlMs: config.connectionTtlMs,
  });
  return telemetry.wrap(connect, (event) => ({ connectionId: event.requestContext?.connectionId }));
}

let ready: Promise<ConnectHandler> | undefined;

export async function handler(event: ConnectEvent, context?: Context): Promise<ConnectResult> {
  ready ??= buildHandler(process.env).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event, context);
}
