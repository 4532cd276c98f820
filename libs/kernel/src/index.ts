export { chunks, mapLimit, runPool, sleep } from './async';
export type { Clock, Logger } from './logger';
export { silentLogger, systemClock } from './logger';
export type { Dimensions, Metrics } from './metrics';
export { silentMetrics } from './metrics';
