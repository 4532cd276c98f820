import { Logger } from '@aws-lambda-powertools/logger';

/** The logging surface the store uses; inject any compatible logger (Powertools Logger by default). */
export type StoreLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export function defaultStoreLogger(): StoreLogger {
  return new Logger({ serviceName: 'streamer-store' });
}
