// The one metrics port every lib and app writes to, as `Logger` is the one logging port. Libraries take
// a `Metrics` in their options (default `silentMetrics`) and never pick an implementation; each Lambda
// app wires `createMetrics` (Powertools, CloudWatch EMF, `@streamer/kernel/node`) once per cold start
// and flushes it at the end of every invocation. Tests pass a `RecordingMetrics` (`/testing`).
//
// Dimensions must stay low-cardinality (service, function, action, code, reason, status…): every
// distinct combination is a separate CloudWatch metric. Never a connection, request or client id.

/** Dimension names to values of one data point. */
export type Dimensions = Readonly<Record<string, string>>;

/** What a value measures: CloudWatch's unit of the metric. */
export type MetricKind = 'count' | 'timing' | 'gauge';

export interface Metrics {
  /** Adds `value` (default 1) to the counter `name` (CloudWatch unit Count; read its Sum). */
  count(name: string, value?: number, dimensions?: Dimensions): void;
  /** One duration in milliseconds; every value is kept, so CloudWatch computes p50/p99 over them. */
  timing(name: string, ms: number, dimensions?: Dimensions): void;
  /** A level seen now (a batch size, connections per tenant; CloudWatch unit Count; read its Maximum/Average). */
  gauge(name: string, value: number, dimensions?: Dimensions): void;
}

const ignore = (): void => undefined;

/** Metrics that go nowhere: the default of every lib. */
export const silentMetrics: Metrics = Object.freeze({ count: ignore, timing: ignore, gauge: ignore });
