export { parseDuration } from './duration';
export type { Env } from './env-reader';
export { EnvReader, envReader } from './env-reader';
export { ConfigError } from './errors';
