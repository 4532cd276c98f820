import type { RouterLogger } from '../logger';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  extra: unknown[];
}

/** A logger that keeps its lines for assertions. */
export function createRecordingLogger(): RouterLogger & { lines: LogLine[]; text(): string } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (message: unknown, ...extra: unknown[]) => {
    lines.push({ level, message: String(message), extra });
  };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => JSON.stringify(lines, (_key, value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}` : value)),
  };
}
