// Latency histograms (HdrHistogram, microsecond resolution) and counters for send and broadcast.
// Gauges (in-flight work, breaker states, queues) are read live when a snapshot is taken.
import { build, type Histogram } from 'hdr-histogram-js';
import { CircuitOpenError, ConnectionError } from './errors';
import { GatewayError } from './gateway/errors';

export interface LatencySummary {
  count: number;
  p50Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

/** Stable key of an error for the "errors by type" counters, e.g. `gateway_server`, `connection_stale`. */
export function errorKey(error: unknown): string {
  if (error instanceof GatewayError) return `gateway_${error.kind.replace(/-/g, '_')}`;
  if (error instanceof CircuitOpenError) return `circuit_open_${error.scope}`;
  if (error instanceof ConnectionError) return error.code.toLowerCase();
  if (error instanceof Error && error.name.startsWith('Store')) return 'store';
  return 'other';
}

const newHistogram = (): Histogram =>
  build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3 });

function summarise(h: Histogram): LatencySummary {
  // Percentiles are reported as their bucket's highest equivalent value: clamp them to the true max.
  const ms = (micros: number): number => Math.round(Math.min(micros, h.maxValue)) / 1000;
  return {
    count: h.totalCount,
    p50Ms: ms(h.getValueAtPercentile(50)),
    p99Ms: ms(h.getValueAtPercentile(99)),
    p999Ms: ms(h.getValueAtPercentile(99.9)),
    maxMs: ms(h.maxValue),
  };
}

/** Latencies since start (`summary`) and since the last `takeInterval()` (for periodic EMF emission). */
export class LatencyRecorder {
  private readonly lifetime = newHistogram();
  private readonly interval = newHistogram();

  record(durationMs: number): void {
    const micros = Math.max(1, Math.round(durationMs * 1000));
    this.lifetime.recordValue(micros);
    this.interval.recordValue(micros);
  }

  summary(): LatencySummary {
    return summarise(this.lifetime);
  }

  takeInterval(): LatencySummary {
    const summary = summarise(this.interval);
    this.interval.reset();
    return summary;
  }
}

export class ManagerCounters {
  readonly sendLatency = new LatencyRecorder();
  readonly broadcastLatency = new LatencyRecorder();
  sendsSucceeded = 0;
  sendsFailed = 0;
  broadcastsCompleted = 0;
  broadcastsPartial = 0;
  recipientsSent = 0;
  recipientsGone = 0;
  recipientsFailed = 0;
  retries = 0;
  /** Background tasks and operations a flush dropped at its deadline. */
  droppedAtFlush = 0;
  private readonly errors = new Map<string, number>();

  countError(error: unknown): void {
    const key = errorKey(error);
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
  }

  errorsByType(): Record<string, number> {
    return Object.fromEntries(this.errors);
  }
}
