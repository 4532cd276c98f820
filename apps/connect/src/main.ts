// Lambda entry point (handler: index.handler). Importing this module reads no environment and opens
// no connection: the first invocation reads and validates the environment, builds the verifier and
// the DynamoDB store once, and later invocations of this execution environment reuse them. A missing
// or invalid variable fails that first invocation with an error naming it (the next one tries again).
import { createVerifier } from '@streamer/auth';
import { createLogger } from '@streamer/kernel/node';
import { createDynamoStores } from '@streamer/store/dynamo';
import { type ConnectHandler, createConnectHandler } from './app';
import { loadConfig } from './config';
import type { ConnectEvent, ConnectResult } from './event';

export type { ConnectEvent, ConnectResult } from './event';

/** Builds the $connect handler from an environment map. */
export async function buildHandler(env: Record<string, string | undefined>): Promise<ConnectHandler> {
  const config = loadConfig(env);
  const logger = createLogger('streamer-connect');
  const verifier = await createVerifier(config.auth, { logger });
  const stores = createDynamoStores({
    tables: config.tables,
    logger,
    clientConfig: config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {},
  });
  return createConnectHandler({
    verifier,
    connections: stores.connections,
    quotas: { store: stores.quotas, policy: config.quotas },
    logger,
    connectionTtlMs: config.connectionTtlMs,
  });
}

let ready: Promise<ConnectHandler> | undefined;

export async function handler(event: ConnectEvent): Promise<ConnectResult> {
  ready ??= buildHandler(process.env).catch((error: unknown) => {
    ready = undefined;
    throw error;
  });
  return (await ready)(event);
}
