// Settings of the $disconnect Lambda, read and validated once per cold start. A missing or invalid
// variable throws at initialisation with the variable's name.
import { type Env, envReader, quotaPolicyFromEnv, type TenantQuotas } from '@streamer/config';
import { DISCONNECTED_AUDIT_TTL_SECONDS, type TableNames, tableNamesFromEnv } from '@streamer/store';

export const DEFAULT_DISCONNECTED_TTL_MS = DISCONNECTED_AUDIT_TTL_SECONDS * 1000;

export interface DisconnectConfig {
  /** CONNECTIONS_TABLE (alias CONNECTIONS_TABLE_NAME), REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE. */
  tables: TableNames;
  /** DISCONNECTED_TTL (duration, default 1h): how long a disconnected connection is kept for audit. */
  disconnectedTtlMs: number;
  /** QUOTA_* and QUOTA_TENANT_OVERRIDES: the limits `$connect` took a connection's places under (released here). */
  quotas: (tenantId: string) => TenantQuotas;
  /** DYNAMODB_ENDPOINT (optional): DynamoDB Local or another emulator, for the local stack. */
  dynamodbEndpoint?: string;
}

export function loadConfig(env: Env): DisconnectConfig {
  const read = envReader(env);
  const config: DisconnectConfig = {
    tables: tableNamesFromEnv(env),
    disconnectedTtlMs: read.durationMs('DISCONNECTED_TTL', DEFAULT_DISCONNECTED_TTL_MS, { min: 1000 }),
    quotas: quotaPolicyFromEnv(env),
  };
  if (read.optional('DYNAMODB_ENDPOINT') !== undefined) config.dynamodbEndpoint = read.url('DYNAMODB_ENDPOINT');
  return config;
}
