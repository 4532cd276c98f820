// Metrics of the manager: latency histograms (HdrHistogram, microsecond resolution) and counters for
// send and broadcast, the getMetrics() snapshot (gauges — in-flight work, breaker states, queues — are
// read live when it is taken), and the same events as they happen on the injected `Metrics` port
// (CloudWatch EMF in the Lambdas: latency values, so CloudWatch computes the percentiles).
import { type Metrics, silentMetrics } from '@streamer/kernel';
import type { Histogram } from 'hdr-histogram-js';
// The JS histogram alone: the package's index also loads its WebAssembly build and the pako codec for
// log encoding (~130 KB a Lambda would evaluate at every cold start, for nothing it uses here).
import Int32Histogram from 'hdr-histogram-js/dist/Int32Histogram';
import type { BroadcastResult } from './broadcast';
import { CircuitOpenError, ConnectionError, GatewayError } from './errors';
import type { Components } from './options';
import type { BreakerState } from './resilience';
import type { InFlight } from './shutdown';

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

/** What `build()` makes by default (32-bit buckets, auto-resizing), from microseconds up to an hour. */
function newHistogram(): Histogram {
  const histogram = new Int32Histogram(1, 3_600_000_000, 3);
  histogram.autoResize = true;
  return histogram;
}

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

/** Latencies since the manager was created. */
class LatencyRecorder {
  private readonly lifetime = newHistogram();

  record(durationMs: number): void {
    this.lifetime.recordValue(Math.max(1, Math.round(durationMs * 1000)));
  }

  summary(): LatencySummary {
    return summarise(this.lifetime);
  }
}

/** The manager's counters and latencies, each event also recorded on the `Metrics` port. */
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

  constructor(private readonly metrics: Metrics = silentMetrics) {}

  /** One send, successful unless `failed`. */
  sent(durationMs: number, failed: boolean): void {
    this.sendLatency.record(durationMs);
    if (failed) this.sendsFailed += 1;
    else this.sendsSucceeded += 1;
    this.metrics.timing('SendLatency', durationMs);
    this.metrics.count(failed ? 'SendsFailed' : 'SendsSucceeded');
  }

  broadcasted(durationMs: number, result: BroadcastResult): void {
    this.broadcastLatency.record(durationMs);
    this.recipientsSent += result.sent;
    this.recipientsGone += result.gone;
    this.recipientsFailed += result.failedCount;
    if (result.failedCount > 0) this.broadcastsPartial += 1;
    else this.broadcastsCompleted += 1;
    this.metrics.timing('BroadcastLatency', durationMs);
    this.metrics.count('Broadcasts');
    this.metrics.count('BroadcastDeliveries', result.sent, { outcome: 'sent' });
    this.metrics.count('BroadcastDeliveries', result.gone, { outcome: 'gone' });
    this.metrics.count('BroadcastDeliveries', result.failedCount, { outcome: 'failed' });
  }

  /** A gateway call failed and is tried again (`GatewayErrors` counts every failed call, retried or final). */
  retried(error: unknown): void {
    this.retries += 1;
    this.metrics.count('Retries');
    this.countGatewayStatus(error);
  }

  breakerOpened(): void {
    this.metrics.count('CircuitBreakerOpens');
  }

  /** Background work dropped: a full touch queue, or what a flush abandoned at its deadline (`atFlush`). */
  dropped(count: number, what: 'flush' | 'touch'): void {
    if (what === 'flush') this.droppedAtFlush += count;
    this.metrics.count('BackgroundWorkDropped', count, { reason: what });
  }

  countError(error: unknown): void {
    const key = errorKey(error);
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    this.metrics.count('Errors', 1, { code: key });
    this.countGatewayStatus(error);
  }

  private countGatewayStatus(error: unknown): void {
    if (error instanceof GatewayError) this.metrics.count('GatewayErrors', 1, { status: String(error.status ?? error.kind) });
  }

  errorsByType(): Record<string, number> {
    return Object.fromEntries(this.errors);
  }
}

/** What `getMetrics()` returns. Latencies in milliseconds since the manager was created. */
export interface ConnectionManagerMetrics {
  send: LatencySummary & { succeeded: number; failed: number };
  broadcast: LatencySummary & { completed: number; partial: number; sent: number; gone: number; failed: number };
  /** Failures by error key (`gateway_server`, `connection_stale`, `circuit_open_gateway`, …). */
  errors: Record<string, number>;
  /** Gateway calls retried after a retryable error. */
  retries: number;
  inFlight: { sends: number; broadcasts: number; checks: number; gatewayCalls: number };
  breakers: {
    gateway: BreakerState;
    /** Times the gateway breaker opened. */
    gatewayOpens: number;
    /** Connections currently skipped after repeated failures. */
    connectionsOpen: number;
    connectionsTracked: number;
  };
  cache: { hits: number; misses: number; size: number };
  background: {
    cleanupsStarted: number;
    cleanupsFailed: number;
    cleanupsPending: number;
    touchesWritten: number;
    touchesDropped: number;
    touchesFailed: number;
    touchesPending: number;
    /** Work `flush()` dropped at its deadline (see FlushReport.dropped). */
    droppedAtFlush: number;
  };
}

// Assembles getMetrics(): counters and latency summaries plus live gauges.
export function snapshotMetrics(
  parts: Components,
  operations: { sends: InFlight; broadcasts: InFlight; checks: InFlight },
): ConnectionManagerMetrics {
  const { counters: c, breaker, failures, cache, gone, touches, delivery } = parts;
  return {
    send: { ...c.sendLatency.summary(), succeeded: c.sendsSucceeded, failed: c.sendsFailed },
    broadcast: {
      ...c.broadcastLatency.summary(),
      completed: c.broadcastsCompleted,
      partial: c.broadcastsPartial,
      sent: c.recipientsSent,
      gone: c.recipientsGone,
      failed: c.recipientsFailed,
    },
    errors: c.errorsByType(),
    retries: c.retries,
    inFlight: {
      sends: operations.sends.size,
      broadcasts: operations.broadcasts.size,
      checks: operations.checks.size,
      gatewayCalls: delivery.gatewayCalls.size,
    },
    breakers: {
      gateway: breaker.state,
      gatewayOpens: breaker.opens,
      connectionsOpen: failures.openCount(),
      connectionsTracked: failures.tracked,
    },
    cache: { hits: cache.hits, misses: cache.misses, size: cache.size },
    background: {
      cleanupsStarted: gone.started,
      cleanupsFailed: gone.failed,
      cleanupsPending: gone.pending,
      touchesWritten: touches.written,
      touchesDropped: touches.dropped,
      touchesFailed: touches.failed,
      touchesPending: touches.pending,
      droppedAtFlush: c.droppedAtFlush,
    },
  };
}
