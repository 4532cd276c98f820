export { chunks, mapLimit, runPool, sleep } from './async';
export type { Clock, Logger } from './logger';
export { silentLogger, systemClock } from './logger';
