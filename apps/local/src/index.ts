// Programmatic API of the local stack, for tests, benchmarks and tools.
export { startLocalStack } from './stack/start-local-stack';
export { NAME_PREFIX } from './stack/services';
export type { LocalStack } from './stack/local-stack';
export type { ManagementApiStats } from './gateway/management-api';
export { DEFAULT_PORT, DEFAULT_IDLE_TIMEOUT_MS, DEFAULT_MAX_CONNECTION_MS } from './stack/settings';
export type { LocalStackOptions } from './stack/settings';
export type { Route, RouteHandler, RouteParams } from './http/router';
export { parseFaultSpec, FaultSpecError } from './gateway/faults';
export type { FaultSpec } from './gateway/faults';
export { MAX_MESSAGE_BYTES } from './gateway/websocket-gateway';
export { createStreamLogger, silentLogger } from './util/logger';
export type { LocalLogger, LogLevel } from './util/logger';
export { LocalStackError } from './util/errors';
