// The `Metrics` port over Powertools Metrics: CloudWatch Embedded Metric Format lines on stdout, which
// CloudWatch Logs turns into metrics without an API call
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
// An EMF line has one dimension set for all its metrics, so points are kept per dimension set until
// `flush()`, which writes one line per set, synchronously: call it before every invocation returns.
import { Metrics as PowertoolsMetrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Dimensions, MetricKind, Metrics } from './metrics';

/** A `Metrics` whose points are written when `flush()` is called. */
export interface FlushingMetrics extends Metrics {
  /** Writes every point recorded since the last flush (nothing when there is none). */
  flush(): void;
}

export interface EmfMetricsOptions {
  /** The `service` dimension of every metric. */
  serviceName: string;
  /** The `function` dimension of every metric (router, processor-sweep, …). */
  functionName: string;
  /** Default `Streamer` (the apps pass POWERTOOLS_METRICS_NAMESPACE when it is set). */
  namespace?: string;
}

const DEFAULT_NAMESPACE = 'Streamer';

/** EMF keeps at most 100 values of one metric per line (Powertools publishes early past it). */
const MAX_VALUES_PER_LINE = 100;

const UNITS = { count: MetricUnit.Count, timing: MetricUnit.Milliseconds, gauge: MetricUnit.Count } as const;

interface DimensionSet {
  dimensions: Dimensions;
  /** Counters are summed here; timings and gauges keep every value. */
  counters: Map<string, number>;
  values: Array<{ name: string; kind: MetricKind; value: number }>;
}

/** Builds the EMF metrics of one function. Call once per cold start, in the app. */
export function createMetrics(options: EmfMetricsOptions): FlushingMetrics {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const emf = new PowertoolsMetrics({ namespace, serviceName: options.serviceName, defaultDimensions: { function: options.functionName } });
  return new EmfMetrics(emf);
}

class EmfMetrics implements FlushingMetrics {
  private readonly sets = new Map<string, DimensionSet>();

  constructor(private readonly emf: PowertoolsMetrics) {}

  count(name: string, value = 1, dimensions: Dimensions = {}): void {
    const set = this.set(dimensions);
    set.counters.set(name, (set.counters.get(name) ?? 0) + value);
  }

  timing(name: string, ms: number, dimensions: Dimensions = {}): void {
    this.set(dimensions).values.push({ name, kind: 'timing', value: ms });
  }

  gauge(name: string, value: number, dimensions: Dimensions = {}): void {
    this.set(dimensions).values.push({ name, kind: 'gauge', value });
  }

  flush(): void {
    try {
      for (const set of this.sets.values()) this.write(set);
    } finally {
      this.sets.clear();
    }
  }

  private set(dimensions: Dimensions): DimensionSet {
    // Names in code-unit order: only the grouping matters here, and `localeCompare` (ICU collation) cost
    // more than the rest of a metric's recording.
    const key = JSON.stringify(Object.entries(dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let set = this.sets.get(key);
    if (set === undefined) {
      set = { dimensions, counters: new Map(), values: [] };
      this.sets.set(key, set);
    }
    return set;
  }

  /** One line per dimension set, more when a metric has over 100 values. */
  private write({ dimensions, counters, values }: DimensionSet): void {
    this.emf.addDimensions({ ...dimensions });
    for (const [name, total] of counters) this.emf.addMetric(name, MetricUnit.Count, total);
    const perName = new Map<string, number>();
    for (const { name, kind, value } of values) {
      const seen = perName.get(name) ?? 0;
      if (seen === MAX_VALUES_PER_LINE - 1) {
        this.emf.publishStoredMetrics();
        this.emf.addDimensions({ ...dimensions });
        perName.clear();
      }
      perName.set(name, (perName.get(name) ?? 0) + 1);
      this.emf.addMetric(name, UNITS[kind], value);
    }
    this.emf.publishStoredMetrics();
  }
}
