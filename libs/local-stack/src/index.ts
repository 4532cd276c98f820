// Programmatic API of the local stack, for apps/local, benchmarks and reliability suites.
export { createMinter, parseTokenArgs, resolveSigner, TOKEN_USAGE } from './auth/dev-tokens';
export { describeFaults } from './gateway/faults';
export { ADMIN_PATH, isLoopbackHost } from './http/routes';
export type { Route } from './http/routes';
export { DEFAULT_PORT, resolveSettings } from './stack/settings';
export type { LocalStackOptions } from './stack/settings';
export { startLocalStack } from './stack/start-local-stack';
export type { LocalStack } from './stack/start-local-stack';
export { createStreamLogger, isLogLevel } from './util/support';
export type { LogLevel } from './util/support';
