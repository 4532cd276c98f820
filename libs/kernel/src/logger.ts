// The one logging port every lib and app writes to. Powertools' Logger satisfies it (use
// `createLogger` from `@streamer/kernel/node`), and so does `console`; tests pass `silentLogger` or a
// recorder. Libraries take a Logger in their options and never pick one at import time.

/** Structured logging: a message, then any number of objects merged into the JSON line. */
export interface Logger {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

const ignore = (): void => undefined;

/** A logger that drops every line. */
export const silentLogger: Logger = Object.freeze({ debug: ignore, info: ignore, warn: ignore, error: ignore });

/** Where time comes from; inject a fake in tests instead of reading the wall clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** The wall clock. */
export const systemClock: Clock = Object.freeze({ now: () => Date.now() });
