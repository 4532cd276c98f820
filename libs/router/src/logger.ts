// The logger the router writes to (and hands to sync handlers). Injected; defaults to a Powertools
// structured JSON logger created when a router is built, never at import time.
import { Logger } from '@aws-lambda-powertools/logger';

export type RouterLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export function defaultRouterLogger(): RouterLogger {
  return new Logger({ serviceName: 'streamer-router' });
}
