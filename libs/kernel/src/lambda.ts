// One function's telemetry, built once per cold start by its app: the Powertools logger, the EMF
// metrics and the X-Ray tracing, and `wrap`, which does per invocation what Powertools' middy
// middlewares (injectLambdaContext, logMetrics, captureLambdaHandler) do for a class handler:
// - every log line carries the Lambda context (`function_request_id`, `cold_start`, …) and the
//   correlation keys of this invocation only (`resetKeys` first, so none leaks into the next one);
// - the metrics are flushed before the handler's promise settles, and the subsegment closed: a
//   Lambda's environment freezes when the handler returns, nothing is left to run.
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { createMetrics, type FlushingMetrics } from './emf-metrics';
import type { Logger } from './logger';
import { createTracing, type Tracing } from './tracing';

/** Correlation fields of an invocation; absent values are left out. */
export type Correlation = Readonly<Record<string, string | number | null | undefined>>;

/** The fields that also become X-Ray annotations (searchable), when known. */
const ANNOTATED = ['requestId', 'action', 'connectionId', 'tenantId'] as const;

/** A handler: an event, then the Lambda context (a test's partial one too: only a real one goes into the logs). */
type Handler<E, A extends unknown[], R> = (event: E, ...context: A) => Promise<R>;

export interface Telemetry {
  /** The logger every lib of the function is given. */
  readonly logger: Logger;
  /** The metrics every lib of the function is given. */
  readonly metrics: FlushingMetrics;
  readonly tracing: Tracing;
  /** Adds fields to every later log line of this invocation (`requestId`, `action`, `connectionId`, `tenantId` become trace annotations too). */
  correlate(fields: Correlation): void;
  /** The handler, instrumented per invocation (see the header). */
  wrap<E, A extends unknown[], R>(handler: Handler<E, A, R>, correlation?: (event: E) => Correlation): Handler<E, A, R>;
}

export interface TelemetryOptions {
  /** `service` of the log lines, the metrics and the traces (streamer-router, …). */
  serviceName: string;
  /** The deployment's function name (router, processor-sweep, …): the `function` metric dimension. */
  functionName: string;
  env?: Record<string, string | undefined>;
}

export function createTelemetry(options: TelemetryOptions): Telemetry {
  const env = options.env ?? process.env;
  const logger = new PowertoolsLogger({ serviceName: options.serviceName });
  const namespace = env['POWERTOOLS_METRICS_NAMESPACE'];
  const metrics = createMetrics({ serviceName: options.serviceName, functionName: options.functionName, ...(namespace ? { namespace } : {}) });
  return new LambdaTelemetry(logger, metrics, createTracing(options.serviceName, env));
}

class LambdaTelemetry implements Telemetry {
  constructor(
    readonly logger: PowertoolsLogger,
    readonly metrics: FlushingMetrics,
    readonly tracing: Tracing,
  ) {}

  correlate(fields: Correlation): void {
    const known = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined && value !== null && value !== ''));
    this.logger.appendKeys(known);
    for (const key of ANNOTATED) {
      const value = known[key];
      if (typeof value === 'string' || typeof value === 'number') this.tracing.annotate(key, value);
    }
  }

  wrap<E, A extends unknown[], R>(handler: Handler<E, A, R>, correlation?: (event: E) => Correlation): Handler<E, A, R> {
    return async (event, ...rest) => {
      const context: unknown = rest[0];
      this.logger.resetKeys();
      this.tracing.begin();
      if (isLambdaContext(context)) {
        this.logger.addContext(context);
        this.tracing.annotate('awsRequestId', context.awsRequestId);
      }
      try {
        if (correlation) this.correlate(correlation(event));
        return await handler(event, ...rest);
      } catch (error) {
        this.tracing.fail(error);
        throw error;
      } finally {
        this.metrics.flush();
        this.tracing.end();
      }
    };
  }
}

function isLambdaContext(context: unknown): context is Context {
  return typeof context === 'object' && context !== null && typeof (context as Partial<Context>).awsRequestId === 'string';
}
