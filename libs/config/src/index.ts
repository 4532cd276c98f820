export { ConfigError, envReader, gatewayAdapter, parseDuration } from './env-reader';
export type { Env, GatewayAdapter } from './env-reader';
