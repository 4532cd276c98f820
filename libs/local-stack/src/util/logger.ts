// The stack's own log lines (the Lambdas log through Powertools, as they do in AWS). Injected
// everywhere; the default writes one JSON line per entry to stderr, leaving stdout to the ready banner.

export type LogFields = Record<string, unknown>;

export interface LocalLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function isLogLevel(value: string): value is LogLevel {
  return Object.prototype.hasOwnProperty.call(RANK, value);
}

/** JSON lines on a writable stream (stderr by default), at `level` and above. */
export function createStreamLogger(level: LogLevel = 'info', out: Pick<NodeJS.WriteStream, 'write'> = process.stderr): LocalLogger {
  const write = (entryLevel: Exclude<LogLevel, 'silent'>, message: string, fields?: LogFields): void => {
    if (RANK[entryLevel] < RANK[level]) return;
    const entry = { level: entryLevel.toUpperCase(), service: 'streamer-local', message, timestamp: new Date().toISOString(), ...serializable(fields) };
    out.write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

export const silentLogger: LocalLogger = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** Errors become `{name, message}` (JSON.stringify drops their fields otherwise). */
function serializable(fields: LogFields | undefined): LogFields {
  if (!fields) return {};
  const out: LogFields = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}
