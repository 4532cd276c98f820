// Settings of the $connect Lambda, read and validated once per cold start. A missing or invalid
// variable throws at initialisation with the variable's name.
import { type AuthConfig, authConfigFromEnv } from '@streamer/auth';
import { type Env, envReader, quotaPolicyFromEnv, type TenantQuotas } from '@streamer/config';
import { CONNECTION_TTL_SECONDS, type TableNames, tableNamesFromEnv } from '@streamer/store';

export const DEFAULT_CONNECTION_TTL_MS = CONNECTION_TTL_SECONDS * 1000;

export interface ConnectConfig {
  /** CONNECTIONS_TABLE (alias CONNECTIONS_TABLE_NAME), REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE. */
  tables: TableNames;
  /** JWT_PUBLIC_KEY | JWKS_URL | JWT_SECRET, JWT_ISSUER, JWT_AUDIENCE, JWT_TENANT_CLAIM, JWT_ALGORITHMS, JWT_CLOCK_TOLERANCE. */
  auth: AuthConfig;
  /** CONNECTION_TTL (duration, default 24h): DynamoDB TTL of a stored connection. */
  connectionTtlMs: number;
  /** QUOTA_CONNECTIONS_PER_USER, QUOTA_CONNECTIONS_PER_TENANT (… QUOTA_TENANT_OVERRIDES): the limits of each tenant. */
  quotas: (tenantId: string) => TenantQuotas;
  /** DYNAMODB_ENDPOINT (optional): DynamoDB Local or another emulator, for the local stack. */
  dynamodbEndpoint?: string;
}

export function loadConfig(env: Env): ConnectConfig {
  const read = envReader(env);
  const config: ConnectConfig = {
    tables: tableNamesFromEnv(env),
    auth: authConfigFromEnv(env),
    connectionTtlMs: read.durationMs('CONNECTION_TTL', DEFAULT_CONNECTION_TTL_MS, { min: 60_000 }),
    quotas: quotaPolicyFromEnv(env),
  };
  if (read.optional('DYNAMODB_ENDPOINT') !== undefined) config.dynamodbEndpoint = read.url('DYNAMODB_ENDPOINT');
  return config;
}
