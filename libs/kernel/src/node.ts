// The Node.js half of the kernel (`@streamer/kernel/node`): the default structured logger, the
// Lambda telemetry (logger, EMF metrics, X-Ray tracing; see lambda.ts) and the workspace root. Browser code imports `@streamer/kernel` only.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Logger } from './logger';

export { type Telemetry, createTelemetry } from './lambda';

/**
 * The default logger: Powertools' structured JSON logger (level from `POWERTOOLS_LOG_LEVEL`/`LOG_LEVEL`,
 * Lambda context when injected). Call it when a component is built, never at import time.
 */
export function createLogger(serviceName: string): Logger {
  return new PowertoolsLogger({ serviceName });
}

/** The repository root: the nearest directory at or above `from` holding nx.json. */
export function workspaceRoot(from: string = process.cwd()): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`No Nx workspace (nx.json) at or above ${from}`);
  }
}
