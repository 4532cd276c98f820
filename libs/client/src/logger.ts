/** Structured logger the client reports to; `console` fits, as do pino, Powertools and the like. */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const ignore = (): void => undefined;

/**
 * The default: silent. A library should not write to its host page's or process's console uninvited;
 * pass `logger: console` (or any structured logger) to see what the client does.
 */
export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
