// The logger the manager writes to. Injected; defaults to a Powertools structured JSON logger created
// when a manager is built (never at import time).
import { Logger } from '@aws-lambda-powertools/logger';

export type ManagerLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export function defaultManagerLogger(): ManagerLogger {
  return new Logger({ serviceName: 'streamer-connection-manager' });
}
