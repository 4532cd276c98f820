// A Lambda-like invocation context: the fields the Node.js runtime provides, with a deadline that
// `getRemainingTimeInMillis` counts down from the function's timeout.
import type { Context } from 'aws-lambda';
import { randomBytes, randomUUID } from 'node:crypto';

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
