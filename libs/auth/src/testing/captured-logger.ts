// A logger that keeps what it is given, to assert on log output (e.g. that no token is logged).
import type { Logger } from '@streamer/kernel';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface CapturedLine {
  level: LogLevel;
  /** The arguments exactly as passed to the logger. */
  args: unknown[];
}

export interface CapturedLogger {
  logger: Logger;
  lines: CapturedLine[];
  /** Every captured line serialised (one JSON text per line), for substring checks. */
  text(): string;
}

export function createCapturedLogger(): CapturedLogger {
  const lines: CapturedLine[] = [];
  const record =
    (level: LogLevel) =>
    (...args: unknown[]): void => {
      lines.push({ level, args });
    };
  const logger = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
  return {
    logger: logger as Logger,
    lines,
    text: () => lines.map((line) => JSON.stringify(line, errorFields)).join('\n'),
  };
}

function errorFields(_key: string, value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  return { ...value, name: value.name, message: value.message, stack: value.stack, cause: value.cause };
}
