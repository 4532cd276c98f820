import type { AdminLogger } from '../deps';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  extra: unknown[];
}

/** Keeps every log call for assertions; prints nothing. */
export class RecordingLogger implements AdminLogger {
  readonly entries: LogEntry[] = [];

  debug = (message: string, ...extra: unknown[]): void => this.record('debug', message, extra);
  info = (message: string, ...extra: unknown[]): void => this.record('info', message, extra);
  warn = (message: string, ...extra: unknown[]): void => this.record('warn', message, extra);
  error = (message: string, ...extra: unknown[]): void => this.record('error', message, extra);

  at(level: LogEntry['level']): LogEntry[] {
    return this.entries.filter((entry) => entry.level === level);
  }

  private record(level: LogEntry['level'], message: string, extra: unknown[]): void {
    this.entries.push({ level, message, extra });
  }
}
