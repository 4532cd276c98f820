// Settings of the admin Lambda, read once per cold start from the environment. A missing or invalid
// variable throws at initialisation with the variable's name (ConfigError / StoreConfigError).
import { type Env, envReader, gatewayAdapter, type GatewayAdapter } from '@streamer/config';
import { DEFAULT_EVENT_RETENTION_SECONDS, type TableNames, tableNamesFromEnv } from '@streamer/store';
import { DEFAULT_CLEANUP_CONCURRENCY } from './deps';

export const DEFAULT_STALE_AFTER_MS = 60 * 60 * 1000;

export interface AdminConfig {
  /** CONNECTIONS_TABLE (alias CONNECTIONS_TABLE_NAME), REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE. */
  tables: TableNames;
  /** WEBSOCKET_ENDPOINT: the management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (wss:// accepted). */
  websocketEndpoint: string;
  /** AWS_REGION (set by Lambda): signs management API calls to a custom domain. */
  region?: string;
  /** GATEWAY_ADAPTER (lean | sdk, default lean): how messages are posted to the management API. */
  gatewayAdapter: GatewayAdapter;
  /** STALE_AFTER (duration, default 1h): inactivity after which a CONNECTED connection is stale. */
  staleAfterMs: number;
  /** CLEANUP_CONCURRENCY (1–100, default 16): gateway checks in flight during cleanup. */
  cleanupConcurrency: number;
  /** EVENT_RETENTION (duration, default 24h, at least 1m): how long published topic events are kept for replay. */
  eventRetentionSeconds: number;
  /** PAGE_TOKEN_SECRET (optional): key that signs get_all_connections page tokens. */
  pageTokenSecret?: string;
  /** DYNAMODB_ENDPOINT (optional): DynamoDB Local or another emulator, for the local stack. */
  dynamodbEndpoint?: string;
}

export function loadConfig(env: Env): AdminConfig {
  const read = envReader(env);
  const optionalUrl = (name: string): string | undefined => (read.optional(name) === undefined ? undefined : read.url(name));
  return {
    tables: tableNamesFromEnv(env),
    websocketEndpoint: read.url('WEBSOCKET_ENDPOINT', ['https:', 'http:', 'wss:', 'ws:']),
    region: read.optional('AWS_REGION'),
    gatewayAdapter: gatewayAdapter(env),
    staleAfterMs: read.durationMs('STALE_AFTER', DEFAULT_STALE_AFTER_MS, { min: 1000 }),
    cleanupConcurrency: read.int('CLEANUP_CONCURRENCY', DEFAULT_CLEANUP_CONCURRENCY, { min: 1, max: 100 }),
    eventRetentionSeconds: Math.floor(read.durationMs('EVENT_RETENTION', DEFAULT_EVENT_RETENTION_SECONDS * 1000, { min: 60_000 }) / 1000),
    pageTokenSecret: read.optional('PAGE_TOKEN_SECRET'),
    dynamodbEndpoint: optionalUrl('DYNAMODB_ENDPOINT'),
  };
}
