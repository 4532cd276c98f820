// CloudWatch EMF emission through an injected Powertools `Metrics`: latency percentiles of the interval
// since the previous emission, counters as deltas (so CloudWatch sums are right), gauges as they are.
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { LatencySummary } from './metrics';
import type { ConnectionManagerMetrics } from './metrics-snapshot';

export type MetricsSink = Pick<Metrics, 'addMetric' | 'publishStoredMetrics'>;

export interface IntervalLatencies {
  send: LatencySummary;
  broadcast: LatencySummary;
}

export class EmfEmitter {
  private readonly previous = new Map<string, number>();

  emit(snapshot: ConnectionManagerMetrics, latencies: IntervalLatencies, sink: MetricsSink): void {
    this.latency(sink, 'SendLatency', latencies.send);
    this.latency(sink, 'BroadcastLatency', latencies.broadcast);
    this.delta(sink, 'SendsSucceeded', snapshot.send.succeeded);
    this.delta(sink, 'SendsFailed', snapshot.send.failed);
    this.delta(sink, 'Broadcasts', snapshot.broadcast.completed + snapshot.broadcast.partial);
    this.delta(sink, 'BroadcastRecipientsSent', snapshot.broadcast.sent);
    this.delta(sink, 'BroadcastRecipientsGone', snapshot.broadcast.gone);
    this.delta(sink, 'BroadcastRecipientsFailed', snapshot.broadcast.failed);
    this.delta(sink, 'Retries', snapshot.retries);
    this.delta(sink, 'GatewayBreakerOpens', snapshot.breakers.gatewayOpens);
    for (const [key, count] of Object.entries(snapshot.errors)) this.delta(sink, `Errors_${key}`, count);
    const { sends, broadcasts, checks } = snapshot.inFlight;
    sink.addMetric('InFlightOperations', MetricUnit.Count, sends + broadcasts + checks);
    sink.addMetric('GatewayBreakerOpen', MetricUnit.Count, snapshot.breakers.gateway === 'closed' ? 0 : 1);
    sink.addMetric('ConnectionsCircuitOpen', MetricUnit.Count, snapshot.breakers.connectionsOpen);
  }

  private latency(sink: MetricsSink, name: string, summary: LatencySummary): void {
    if (summary.count === 0) return;
    sink.addMetric(`${name}P50`, MetricUnit.Milliseconds, summary.p50Ms);
    sink.addMetric(`${name}P99`, MetricUnit.Milliseconds, summary.p99Ms);
    sink.addMetric(`${name}P999`, MetricUnit.Milliseconds, summary.p999Ms);
  }

  private delta(sink: MetricsSink, name: string, total: number): void {
    const change = total - (this.previous.get(name) ?? 0);
    this.previous.set(name, total);
    if (change > 0) sink.addMetric(name, MetricUnit.Count, change);
  }
}
