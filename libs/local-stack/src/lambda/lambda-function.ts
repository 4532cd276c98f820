// One Lambda function run in-process: invoke(event) builds a context, calls the bundle's handler
// (promise or callback style, as the Node.js runtime allows) and enforces the function's timeout the
// way Lambda reports it. In-flight invocations are counted so the stack can drain them on stop.
import type { Context } from 'aws-lambda';
import { createContext, type FunctionIdentity, logStreamName } from './context';

export type LambdaHandler = (event: unknown, context: Context, callback?: (error?: unknown, result?: unknown) => void) => unknown;

/** A failed invocation: what Lambda reports as `errorType` / `errorMessage` (Unhandled function error). */
export class LambdaInvocationError extends Error {
  override name = 'LambdaInvocationError';

  constructor(
    readonly functionName: string,
    readonly errorType: string,
    readonly errorMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`${functionName} failed: ${errorType}: ${errorMessage}`, options);
  }
}

export interface LambdaFunctionOptions {
  functionName: string;
  handler: LambdaHandler;
  timeoutMs: number;
  memoryMb: number;
  region: string;
  clock?: () => number;
}

export class LambdaFunction {
  readonly functionName: string;
  readonly timeoutMs: number;
  private readonly handler: LambdaHandler;
  private readonly identity: FunctionIdentity;
  private readonly clock: () => number;
  private readonly running = new Set<Promise<unknown>>();

  constructor(options: LambdaFunctionOptions) {
    this.functionName = options.functionName;
    this.timeoutMs = options.timeoutMs;
    this.handler = options.handler;
    this.clock = options.clock ?? Date.now;
    this.identity = { functionName: options.functionName, region: options.region, memoryMb: options.memoryMb, logStreamName: logStreamName() };
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Resolves with the handler's result; rejects with LambdaInvocationError on a throw or a timeout. */
  invoke<T = unknown>(event: unknown): Promise<T> {
    const run = this.run(event);
    const tracked = run.catch(() => undefined).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    return run as Promise<T>;
  }

  /** Waits until every invocation started so far has settled (or timed out). */
  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private run(event: unknown): Promise<unknown> {
    const deadline = this.clock() + this.timeoutMs;
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      const timer = setTimeout(() => finish(() => reject(this.timedOut())), this.timeoutMs);
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        settle();
      };
      const succeed = (result: unknown): void => finish(() => resolve(result));
      const fail = (error: unknown): void => finish(() => reject(this.failure(error)));
      const context = createContext(this.identity, deadline, { succeed, fail }, this.clock);
      try {
        const callback = (error?: unknown, result?: unknown): void => (error ? fail(error) : succeed(result));
        const returned = this.handler.length >= 3 ? this.handler(event, context, callback) : this.handler(event, context);
        if (this.handler.length < 3 || isPromise(returned)) Promise.resolve(returned).then(succeed, fail);
      } catch (error) {
        fail(error);
      }
    });
  }

  private timedOut(): LambdaInvocationError {
    const seconds = (this.timeoutMs / 1000).toFixed(2);
    return new LambdaInvocationError(this.functionName, 'Sandbox.Timedout', `Task timed out after ${seconds} seconds`);
  }

  private failure(error: unknown): LambdaInvocationError {
    if (error instanceof Error) return new LambdaInvocationError(this.functionName, error.name, error.message, { cause: error });
    return new LambdaInvocationError(this.functionName, 'Error', String(error), { cause: error });
  }
}

function isPromise(value: unknown): value is Promise<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
