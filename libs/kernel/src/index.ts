export { chunks, lazy, mapLimit, runPool, settledWithin, sleep } from './async';
export type { Clock, Logger } from './logger';
export { silentLogger, systemClock } from './logger';
export type { Metrics } from './metrics';
export { silentMetrics } from './metrics';
