// One Lambda function run in-process: invoke(event) builds a context, calls the bundle's handler
// (promise or callback style, as the Node.js runtime allows) and enforces the function's timeout the
// way Lambda reports it. In-flight invocations are counted so the stack can drain them on stop. With a
// FreezeCheck, what the handler left pending after it returned is reported (freeze-check.ts).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { type FreezeCheck, type FreezeViolation, type PendingWork, summarise } from './freeze-check';

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

/** A strict freeze check failed the invocation: its handler returned with work still pending. */
export class PendingWorkError extends LambdaInvocationError {
  override name = 'PendingWorkError';
  readonly awsRequestId: string;
  readonly pending: PendingWork[];

  constructor(violation: FreezeViolation) {
    super(
      violation.functionName,
      'Local.PendingWorkAfterReturn',
      `The handler returned with work still pending: ${summarise(violation.pending)}. Lambda freezes the execution environment once the handler returns, so this work may never finish; await it (or drop it deliberately) before returning`,
    );
    this.awsRequestId = violation.awsRequestId;
    this.pending = violation.pending;
  }
}

export interface LambdaFunctionOptions {
  functionName: string;
  handler: LambdaHandler;
  timeoutMs: number;
  memoryMb: number;
  region: string;
  clock?: () => number;
  /** Reports (or, strict, fails) invocations that leave work pending after the handler returned. */
  freezeCheck?: FreezeCheck;
  /** Told of every invocation once it settled (the stack's one readable line per invocation). */
  onInvocation?: (report: InvocationReport) => void;
}

/** One settled invocation: what `sam local` prints as START / END / REPORT. */
export interface InvocationReport {
  functionName: string;
  event: unknown;
  durationMs: number;
  /** The handler's result, or the error Lambda reports. */
  outcome: { result: unknown } | { error: LambdaInvocationError };
}

export class LambdaFunction {
  readonly functionName: string;
  readonly timeoutMs: number;
  private handler: LambdaHandler;
  private identity: FunctionIdentity;
  private readonly clock: () => number;
  private readonly freeze: FreezeCheck | undefined;
  private readonly running = new Set<Promise<unknown>>();
  private readonly onInvocation: ((report: InvocationReport) => void) | undefined;

  constructor(options: LambdaFunctionOptions) {
    this.functionName = options.functionName;
    this.timeoutMs = options.timeoutMs;
    this.handler = options.handler;
    this.clock = options.clock ?? Date.now;
    this.freeze = options.freezeCheck;
    this.onInvocation = options.onInvocation;
    this.identity = { functionName: options.functionName, region: options.region, memoryMb: options.memoryMb, logStreamName: logStreamName() };
  }

  get inFlight(): number {
    return this.running.size;
  }

  /**
   * Deploys new code, as UpdateFunctionCode does: invocations from now on run `handler` in a new
   * execution environment (a new log stream, a cold start of the new bundle), while invocations already
   * running finish on the code they started with. Lambda likewise keeps serving the previous code until
   * the update is done and then retires the environments of the old code
   * (https://docs.aws.amazon.com/lambda/latest/dg/functions-states.html, "Function states during
   * updates"; https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtime-environment.html).
   */
  replaceHandler(handler: LambdaHandler): void {
    this.handler = handler;
    this.identity = { ...this.identity, logStreamName: logStreamName() };
  }

  /** Resolves with the handler's result; rejects with LambdaInvocationError on a throw or a timeout. */
  invoke<T = unknown>(event: unknown): Promise<T> {
    const run = this.onInvocation ? this.reported(event) : this.run(event);
    const tracked = run.catch(() => undefined).finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    return run as Promise<T>;
  }

  /** Waits until every invocation started so far has settled (or timed out). */
  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private reported(event: unknown): Promise<unknown> {
    const started = this.clock();
    const report = (outcome: InvocationReport['outcome']): void =>
      this.onInvocation?.({ functionName: this.functionName, event, durationMs: this.clock() - started, outcome });
    return this.run(event).then(
      (result) => {
        report({ result });
        return result;
      },
      (error: unknown) => {
        if (error instanceof LambdaInvocationError) report({ error });
        throw error;
      },
    );
  }

  private run(event: unknown): Promise<unknown> {
    // This invocation runs the code deployed when it started, whatever replaceHandler does meanwhile.
    const handler = this.handler;
    const identity = this.identity;
    const deadline = this.clock() + this.timeoutMs;
    const invocation = this.freeze?.begin();
    return new Promise<unknown>((resolve, reject) => {
      let settled = false;
      let returned = false;
      const outside = <T>(fn: () => T): T => (this.freeze ? this.freeze.outside(fn) : fn());
      const timer = outside(() =>
        setTimeout(() => {
          this.freeze?.abandon(invocation);
          finish(() => reject(this.timedOut()));
        }, this.timeoutMs),
      );
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        settle();
      };
      // The handler returned: before its outcome counts, check what it left pending (freeze-check.ts).
      const afterReturn = (outcome: { result: unknown } | { error: unknown }): void => {
        if (returned) return;
        returned = true;
        const settle = 'error' in outcome ? () => reject(this.failure(outcome.error)) : () => resolve(outcome.result);
        // A callback handler with callbackWaitsForEmptyEventLoop is answered only once the event loop is empty.
        if (!this.freeze || (handler.length >= 3 && context.callbackWaitsForEmptyEventLoop)) {
          this.freeze?.abandon(invocation);
          return finish(settle);
        }
        void this.freeze.afterReturn(invocation, { functionName: this.functionName, awsRequestId: context.awsRequestId }).then((violation) =>
          finish(violation && !('error' in outcome) ? () => reject(new PendingWorkError(violation)) : settle),
        );
      };
      const succeed = (result: unknown): void => afterReturn({ result });
      const fail = (error: unknown): void => afterReturn({ error });
      const context = createContext(identity, deadline, { succeed, fail }, this.clock);
      try {
        const callback = (error?: unknown, result?: unknown): void => (error ? fail(error) : succeed(result));
        const call = (): unknown => (handler.length >= 3 ? handler(event, context, callback) : handler(event, context));
        const returnedValue = this.freeze ? this.freeze.run(invocation, call) : call();
        if (handler.length < 3 || isPromise(returnedValue)) Promise.resolve(returnedValue).then(succeed, fail);
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

// A Lambda-like invocation context: the fields the Node.js runtime provides, with a deadline that
// `getRemainingTimeInMillis` counts down from the function's timeout.
export const LOCAL_ACCOUNT_ID = '123456789012';

export interface FunctionIdentity {
  functionName: string;
  region: string;
  memoryMb: number;
  /** Log stream of this "instance" (one per function in the local stack). */
  logStreamName: string;
}

export interface InvocationSettlement {
  succeed(result: unknown): void;
  fail(error: unknown): void;
}

export function functionArn(identity: Pick<FunctionIdentity, 'functionName' | 'region'>): string {
  return `arn:aws:lambda:${identity.region}:${LOCAL_ACCOUNT_ID}:function:${identity.functionName}`;
}

export function logStreamName(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

export function createContext(identity: FunctionIdentity, deadline: number, settle: InvocationSettlement, clock: () => number = Date.now): Context {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: identity.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn(identity),
    memoryLimitInMB: String(identity.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${identity.functionName}`,
    logStreamName: identity.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, deadline - clock()),
    done: (error?: Error, result?: unknown) => (error ? settle.fail(error) : settle.succeed(result)),
    fail: (error: Error | string) => settle.fail(error),
    succeed: (result: unknown) => settle.succeed(result),
  };
}
