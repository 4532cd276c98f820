import type { StandardSchemaV1 } from '@standard-schema/spec';

export type Payload = Record<string, unknown>;

/** What a handler sees of one client request. Tenant and user come from the verified connection. */
export interface HandlerRequest<P = Payload> {
  /** The client's correlation id. */
  id: string;
  /** Server-assigned id of this request (stored for async work). */
  requestId: string;
  action: string;
  payload: P;
  connectionId: string;
  userId: string;
  tenantId: string;
}

export interface HandlerLogger {
  debug(message: string, ...extra: unknown[]): void;
  info(message: string, ...extra: unknown[]): void;
  warn(message: string, ...extra: unknown[]): void;
  error(message: string, ...extra: unknown[]): void;
}

export interface HandlerContext {
  /** Aborted when the request is cancelled or its deadline approaches. */
  signal: AbortSignal;
  /** Epoch milliseconds by which the handler must have returned. */
  deadline: number;
  logger: HandlerLogger;
}

export interface ProgressReporter {
  /** Reports progress in [0, 1]; values below the last reported one are ignored. */
  progress(value: number, message?: string): Promise<void>;
}

export interface AsyncHandlerContext extends HandlerContext {
  reporter: ProgressReporter;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
}

/**
 * A registered action. `process` answers in the same invocation; `processAsync` runs queued, with progress.
 * With both, `shouldQueue(request)` decides per request (queued when absent).
 */
export interface Handler<P = Payload, R = unknown> {
  /** Standard Schema (zod, valibot, arktype…) validating the payload before anything runs. */
  schema?: StandardSchemaV1<unknown, P>;
  shouldQueue?(request: HandlerRequest<P>): boolean;
  process?(request: HandlerRequest<P>, context: HandlerContext): Promise<R> | R;
  processAsync?(request: HandlerRequest<P>, context: AsyncHandlerContext): Promise<R>;
}

/** Whether a handler runs this request in the background. */
export function runsAsync<P>(handler: Handler<P>, request: HandlerRequest<P>): boolean {
  if (!handler.processAsync) return false;
  if (!handler.process) return true;
  return handler.shouldQueue ? handler.shouldQueue(request) : true;
}
