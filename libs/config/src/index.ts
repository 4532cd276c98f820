export { ConfigError, envReader, gatewayAdapter, parseDuration } from './env-reader';
export type { Env, GatewayAdapter } from './env-reader';
export { quotaPolicyFromEnv } from './quotas';
export type { TenantQuotas } from './quotas';
