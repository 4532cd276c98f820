// Lambda entry point (handler: index.handler). Importing this module reads no environment and opens
// no connection: the first invocation reads and validates the environment and builds the DynamoDB
// stores once; later invocations reuse them. A missing or invalid variable fails that first
// invocation with an error naming it (the next one tries again).
import { createLogger } from '@streamer/kernel/node';
import { ConnectionLifecycle } from '@streamer/store';
import { createDynamoStores } from '@streamer/store/dynamo';
import { createDisconnectHandler, type DisconnectHandler } from './app';
import { loadConfig } from './config';
import type { DisconnectEvent, DisconnectResult } from './event';

export type { DisconnectEvent, DisconnectResult } from './event';

/** Builds the $disconnect handler from an environment map. */
export function buildHandler(env: Record<string, string | undefined>): DisconnectHandler {
  const config = loadConfig(env);
  const logger = createLogger('streamer-disconnect');
  const stores = createDynamoStores({
    tables: config.tables,
    logger,
    clientConfig: config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {},
  });
  const quotaRelease = { store: stores.quotas, policy: config.quotas };
  const lifecycle = new ConnectionLifecycle({ ...stores, quotaRelease }, { disconnectedTtlSeconds: Math.round(config.disconnectedTtlMs / 1000) });
  return createDisconnectHandler({ lifecycle, logger });
}

let instance: DisconnectHandler | undefined;

export async function handler(event: DisconnectEvent): Promise<DisconnectResult> {
  instance ??= buildHandler(process.env);
  return instance(event);
}
