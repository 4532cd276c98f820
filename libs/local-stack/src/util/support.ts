// What every part of the stack shares: its one error type, its own log lines (the Lambdas log through
// Powertools, as they do in AWS) and a bounded wait for shutdown. The default logger writes one JSON
// line per entry to stderr, leaving stdout to the ready banner.
import type { Logger } from '@streamer/kernel';

/** Base error of the local stack: a setting or a missing piece, said in words a developer can act on. */
export class LocalStackError extends Error {
  override name = 'LocalStackError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export type LogFields = Record<string, unknown>;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

const RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export function isLogLevel(value: string): value is LogLevel {
  return Object.prototype.hasOwnProperty.call(RANK, value);
}

/** JSON lines on a writable stream (stderr by default), at `level` and above. */
export function createStreamLogger(level: LogLevel = 'info', out: Pick<NodeJS.WriteStream, 'write'> = process.stderr): Logger {
  const write = (entryLevel: Exclude<LogLevel, 'silent'>, message: string, extra: unknown[]): void => {
    if (RANK[entryLevel] < RANK[level]) return;
    const entry = { level: entryLevel.toUpperCase(), service: 'streamer-local', message, timestamp: new Date().toISOString(), ...serializable(extra) };
    out.write(`${JSON.stringify(entry)}\n`);
  };
  return {
    debug: (message, ...extra) => write('debug', message, extra),
    info: (message, ...extra) => write('info', message, extra),
    warn: (message, ...extra) => write('warn', message, extra),
    error: (message, ...extra) => write('error', message, extra),
  };
}

/**
 * The extra objects merged into one entry, as Powertools merges them; an Error passed on its own goes
 * under `error`. Errors become `{name, message}` (JSON.stringify drops their fields otherwise).
 */
function serializable(extra: unknown[]): LogFields {
  const out: LogFields = {};
  for (const item of extra) {
    if (item instanceof Error) out['error'] = errorFields(item);
    else if (item !== null && typeof item === 'object') {
      for (const [key, value] of Object.entries(item)) out[key] = value instanceof Error ? errorFields(value) : value;
    }
  }
  return out;
}

function errorFields(error: Error): LogFields {
  return { name: error.name, message: error.message };
}

/** Resolves with `promise`'s outcome, or `undefined` once `ms` have passed (the promise keeps running). */
export async function withinMs<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
