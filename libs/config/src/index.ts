export { ConfigError, envReader, parseDuration } from './env-reader';
export type { Env } from './env-reader';
