// Settings of the $default (router) Lambda, read and validated once per cold start. A missing or
// invalid variable throws at initialisation with the variable's name.
import { type Env, envReader, gatewayAdapter, type GatewayAdapter } from '@streamer/config';
import { API_GATEWAY_TIMEOUT_MS, DEFAULT_RATE_LIMIT, DEFAULT_REQUEST_TTL_MS, DEFAULT_SYNC_TIMEOUT_MS } from '@streamer/router';
import { DEFAULT_EVENT_RETENTION_SECONDS, type TableNames, tableNamesFromEnv } from '@streamer/store';

export interface RouterAppConfig {
  /** CONNECTIONS_TABLE (alias CONNECTIONS_TABLE_NAME), REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE. */
  tables: TableNames;
  /** WEBSOCKET_ENDPOINT (optional): management API URL; unset → https://{domainName}/{stage} of the first event. */
  websocketEndpoint?: string;
  /** RATE_LIMIT_PER_SECOND (default 20) and RATE_LIMIT_BURST (default 40): per-connection token bucket. */
  rateLimit: { ratePerSecond: number; burst: number };
  /** SYNC_TIMEOUT (duration, default 25s, at most 29s): budget of a handler answered in the same invocation. */
  syncTimeoutMs: number;
  /** REQUEST_TTL (duration, default 7d): how long a queued request is kept. */
  requestTtlMs: number;
  /** GATEWAY_ADAPTER (lean | sdk, default lean): how replies are posted to the management API. */
  gatewayAdapter: GatewayAdapter;
  /** EVENT_RETENTION (duration, default 24h, at least 1m): how long published topic events are kept for replay. */
  eventRetentionSeconds: number;
  /** AWS_REGION (set by Lambda): signing region when the endpoint is a custom domain. */
  region?: string;
  /** DYNAMODB_ENDPOINT (optional): DynamoDB Local or another emulator, for the local stack. */
  dynamodbEndpoint?: string;
}

export function loadConfig(env: Env): RouterAppConfig {
  const read = envReader(env);
  const optionalUrl = (name: string) => (read.optional(name) === undefined ? undefined : read.url(name));
  const config: RouterAppConfig = {
    tables: tableNamesFromEnv(env),
    rateLimit: {
      ratePerSecond: read.number('RATE_LIMIT_PER_SECOND', DEFAULT_RATE_LIMIT.ratePerSecond, { min: 0.001, max: 100_000 }),
      burst: read.int('RATE_LIMIT_BURST', DEFAULT_RATE_LIMIT.burst, { min: 1, max: 1_000_000 }),
    },
    syncTimeoutMs: read.durationMs('SYNC_TIMEOUT', DEFAULT_SYNC_TIMEOUT_MS, { min: 1, max: API_GATEWAY_TIMEOUT_MS }),
    requestTtlMs: read.durationMs('REQUEST_TTL', DEFAULT_REQUEST_TTL_MS, { min: 60_000 }),
    gatewayAdapter: gatewayAdapter(env),
    eventRetentionSeconds: Math.floor(read.durationMs('EVENT_RETENTION', DEFAULT_EVENT_RETENTION_SECONDS * 1000, { min: 60_000 }) / 1000),
  };
  return withOptional(config, {
    websocketEndpoint: optionalUrl('WEBSOCKET_ENDPOINT'),
    region: read.optional('AWS_REGION'),
    dynamodbEndpoint: optionalUrl('DYNAMODB_ENDPOINT'),
  });
}

function withOptional(config: RouterAppConfig, extra: Pick<RouterAppConfig, 'websocketEndpoint' | 'region' | 'dynamodbEndpoint'>): RouterAppConfig {
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) Object.assign(config, { [key]: value });
  return config;
}
