export { ConfigError, envReader, gatewayAdapter, parseDuration } from './env-reader';
export type { Env, GatewayAdapter } from './env-reader';
export { QUOTA_VARIABLES, quotaPolicyFromEnv } from './quotas';
export type { TenantQuotas } from './quotas';
