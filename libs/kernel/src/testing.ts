// Test helpers shared by every project's tests: bounded polling and a logger that records lines.
// Import from '@streamer/kernel/testing' in tests only.
import type { Clock, Logger } from './logger';
import type { Dimensions, MetricKind, Metrics } from './metrics';

/**
 * Polls `probe` every `everyMs` (default 25 ms) until it returns something other than
 * `undefined`/`false`, and resolves with it; fails with `description` once `timeoutMs` have passed.
 * Never a fixed sleep. A probe that is costly (a table scan, a queue drain) polls less often.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  description: string,
  timeoutMs = 10_000,
  everyMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/**
 * Polls `count` every `everyMs` until it reaches `target`; fails with `description` only when the count
 * has not grown for `stallMs`. For waits on many parallel outcomes under load (a test about
 * correctness, not speed): a slow but advancing run passes, a stuck one fails as soon as it stalls.
 */
export async function waitForCount(
  count: () => number | Promise<number>,
  target: number,
  description: string,
  stallMs = 10_000,
  everyMs = 50,
): Promise<number> {
  let best = -Infinity;
  let grewAt = Date.now();
  for (;;) {
    const value = await count();
    if (value >= target) return value;
    if (value > best) [best, grewAt] = [value, Date.now()];
    else if (Date.now() - grewAt > stallMs) {
      throw new Error(`Stalled at ${value} of ${target} for ${stallMs} ms waiting for ${description}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

type LogLevel = keyof Logger;

interface LogLine {
  level: LogLevel;
  message: string;
  extra: unknown[];
}

/** A logger that keeps every line, for assertions on what was logged (and what never was). */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[] = [];
  debug(message: string, ...extra: unknown[]): void {
    this.lines.push({ level: 'debug', message, extra });
  }
  info(message: string, ...extra: unknown[]): void {
    this.lines.push({ level: 'info', message, extra });
  }
  warn(message: string, ...extra: unknown[]): void {
    this.lines.push({ level: 'warn', message, extra });
  }
  error(message: string, ...extra: unknown[]): void {
    this.lines.push({ level: 'error', message, extra });
  }
  /** Lines at `level` (all lines when omitted), serialized as JSON text for substring checks. */
  text(level?: LogLevel): string {
    return JSON.stringify(level ? this.lines.filter((l) => l.level === level) : this.lines);
  }
}

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  constructor(private current = 0) {}
  now(): number {
    return this.current;
  }
  set(ms: number): void {
    this.current = ms;
  }
  advance(ms: number): void {
    this.current += ms;
  }
}

interface MetricPoint {
  kind: MetricKind;
  name: string;
  value: number;
  dimensions: Dimensions;
}

/** Metrics that keep every point, for assertions on what was measured (and with which dimensions). */
export class RecordingMetrics implements Metrics {
  readonly points: MetricPoint[] = [];
  count(name: string, value = 1, dimensions: Dimensions = {}): void {
    this.points.push({ kind: 'count', name, value, dimensions });
  }
  timing(name: string, ms: number, dimensions: Dimensions = {}): void {
    this.points.push({ kind: 'timing', name, value: ms, dimensions });
  }
  gauge(name: string, value: number, dimensions: Dimensions = {}): void {
    this.points.push({ kind: 'gauge', name, value, dimensions });
  }
  /** The sum of the counter `name` over the points whose dimensions include `where`. */
  total(name: string, where: Dimensions = {}): number {
    return this.named(name, where).reduce((sum, point) => sum + point.value, 0);
  }
  /** The points of `name` whose dimensions include `where`. */
  named(name: string, where: Dimensions = {}): MetricPoint[] {
    return this.points.filter((p) => p.name === name && Object.entries(where).every(([k, v]) => p.dimensions[k] === v));
  }
}
