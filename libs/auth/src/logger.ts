// The logger the verifier writes to. Injected; defaults to a Powertools structured JSON logger
// created when a verifier is built (never at import time).
import { Logger } from '@aws-lambda-powertools/logger';

export type AuthLogger = Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;

export function defaultAuthLogger(): AuthLogger {
  return new Logger({ serviceName: 'streamer-auth' });
}
