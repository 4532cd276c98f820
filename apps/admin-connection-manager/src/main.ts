// Lambda entry point (handler: index.handler). Nothing happens at import: the first invocation reads
// the environment, builds the DynamoDB stores and the management API gateway once, and every later invocation of this execution environment reuses them. A missing or invalid
// variable fails that first invocation with an error naming it (and the next one tries again).
import { createConnectionManager, createPublisher, isConnectionGone } from '@streamer/connection-manager';
import { createGateway } from '@streamer/connection-manager/gateway';
import { createTelemetry } from '@streamer/kernel/node';
import { createDynamoStores } from '@streamer/store/dynamo';
import type { Context } from 'aws-lambda';
import { type AdminHandler, createAdminHandler } from './app';
import { loadConfig } from './config';
import type { AdminResponse } from './responses';

export type { AdminResponse } from './responses';

/** Builds the admin handler from an environment map. */
export function buildHandler(env: Record<string, string | undefined>): AdminHandler {
  const config = loadConfig(env);
  const telemetry = createTelemetry({ serviceName: 'streamer-admin-connection-manager', functionName: 'admin-connection-manager', env });
  const { logger, metrics } = telemetry;
  const stores = createDynamoStores({
    tables: config.tables,
    logger,
    clientConfig: config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {},
    ...(config.pageTokenSecret ? { pageTokenSecret: config.pageTokenSecret } : {}),
  });
  telemetry.tracing.captureClient(stores.client);
  const region = config.region ? { region: config.region } : {};
  const captureClient = <T>(client: T): T => telemetry.tracing.captureClient(client);
  const gateway = createGateway({ kind: config.gatewayAdapter, endpoint: config.websocketEndpoint, ...region, captureClient });
  // `publish` delivers through a connection manager (retries, breaker, 410 cleanup) over the same gateway.
  const manager = createConnectionManager({ gateway, connections: stores.connections, subscriptions: stores.subscriptions, logger, metrics });
  const publisher = createPublisher({
    manager,
    events: stores.events,
    connections: stores.connections,
    retentionSeconds: config.eventRetentionSeconds,
  });
  const admin = createAdminHandler({
    connections: stores.connections,
    requests: stores.requests,
    subscriptions: stores.subscriptions,
    gateway,
    publisher,
    settle: (invocation) => manager.flush(invocation ? { invocation } : {}),
    isGone: isConnectionGone,
    logger,
    metrics,
    correlate: (fields) => telemetry.correlate(fields),
    staleAfterMs: config.staleAfterMs,
    cleanupConcurrency: config.cleanupConcurrency,
  });
  return telemetry.wrap(admin);
}

let instance: AdminHandler | undefined;

export async function handler(event: unknown, context?: Context): Promise<AdminResponse> {
  instance ??= buildHandler(process.env);
  return instance(event, context);
}
