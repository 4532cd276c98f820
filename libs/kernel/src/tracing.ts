// X-Ray tracing through Powertools Tracer, loaded only when it will trace. The Tracer requires
// aws-xray-sdk-core when its module is evaluated; it traces only inside Lambda (AWS_EXECUTION_ENV set,
// not SAM local) and unless POWERTOOLS_TRACE_ENABLED is `false` — the rule Powertools applies itself
// (https://docs.powertools.aws.dev/lambda/typescript/latest/core/tracer/#disabling-tracer-behaviour).
// Anywhere else (tests, the local stack, tracing turned off) this is a no-op and the X-Ray SDK is
// never evaluated, so it costs nothing at cold start.
import type * as PowertoolsTracing from '@aws-lambda-powertools/tracer';
import type { Tracer } from '@aws-lambda-powertools/tracer';

export type Annotation = string | number | boolean;

type Segment = ReturnType<Tracer['getSegment']>;
type Subsegment = ReturnType<NonNullable<Segment>['addNewSubsegment']>;

export interface Tracing {
  readonly enabled: boolean;
  /** Instruments an AWS SDK v3 client (its calls become subsegments); returns it unchanged when off. */
  captureClient<T>(client: T): T;
  /** Indexed, searchable annotations on the current invocation's subsegment. */
  annotate(key: string, value: Annotation): void;
  /** Opens the invocation's `## handler` subsegment (cold start and service annotated). */
  begin(): void;
  /** Records a thrown error on the invocation's subsegment. */
  fail(error: unknown): void;
  /** Closes the invocation's subsegment. */
  end(): void;
}

/** True where Powertools Tracer would trace (see the header). */
export function tracingWanted(env: Record<string, string | undefined> = process.env): boolean {
  return env['POWERTOOLS_TRACE_ENABLED']?.toLowerCase() !== 'false' && !!env['AWS_EXECUTION_ENV'] && !env['AWS_SAM_LOCAL'];
}

const noop = (): void => undefined;

/** Tracing that records nothing. */
export const noTracing: Tracing = Object.freeze({ enabled: false, captureClient: <T>(client: T) => client, annotate: noop, begin: noop, fail: noop, end: noop });

export function createTracing(serviceName: string, env: Record<string, string | undefined> = process.env): Tracing {
  if (!tracingWanted(env)) return noTracing;
  // Deferred so that the X-Ray SDK is evaluated only where it traces (the bundle still carries it).
  const { Tracer: PowertoolsTracer } = require('@aws-lambda-powertools/tracer') as typeof PowertoolsTracing;
  return new XRayTracing(new PowertoolsTracer({ serviceName }));
}

/** What Powertools' `captureLambdaHandler` middleware does, for a plain function handler. */
class XRayTracing implements Tracing {
  readonly enabled = true;
  private parent: Segment;
  private current: Subsegment | undefined;

  constructor(private readonly tracer: Tracer) {}

  captureClient<T>(client: T): T {
    return this.tracer.captureAWSv3Client(client);
  }

  annotate(key: string, value: Annotation): void {
    this.tracer.putAnnotation(key, value);
  }

  begin(): void {
    this.parent = this.tracer.getSegment();
    if (this.parent === undefined) return;
    this.current = this.parent.addNewSubsegment(`## ${process.env['_HANDLER'] ?? 'handler'}`);
    this.tracer.setSegment(this.current);
    this.tracer.annotateColdStart();
    this.tracer.addServiceNameAnnotation();
  }

  fail(error: unknown): void {
    if (error instanceof Error) this.tracer.addErrorAsMetadata(error);
  }

  end(): void {
    if (this.current === undefined || this.parent === undefined) return;
    this.current.close();
    this.tracer.setSegment(this.parent);
    this.current = undefined;
  }
}
