// What every DynamoDB repository needs: the client, its table (and the env var naming it), a clock
// and a logger, plus `run`, which translates any failure into a store error at this boundary. The
// translation is the one place SDK exceptions become store errors: it decides by `err.name` (the
// SDK's modeled exception names), never by message text, and no SDK error class escapes the lib.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Logger } from '@streamer/kernel';
import {
  ConditionConflictError,
  StoreError,
  type StoreErrorContext,
  StoreThrottledError,
  StoreUnavailableError,
  TableNotFoundError,
} from '../errors';

export interface TableContext {
  doc: DynamoDBDocumentClient;
  table: string;
  envVar: string;
  clock: () => number;
  logger: Logger;
}

export async function run<T>(ctx: TableContext, operation: string, call: () => Promise<T>, context: StoreErrorContext = {}): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw storeError(ctx, operation, err, context);
  }
}

export function storeError(ctx: TableContext, operation: string, err: unknown, context: StoreErrorContext = {}): StoreError {
  const error = translateError(err, { ...context, operation, table: ctx.table, envVar: ctx.envVar });
  if (error.retryable) ctx.logger.warn('DynamoDB call failed, retryable', { operation, table: ctx.table, error: error.name });
  return error;
}

// Error translation

const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

const UNAVAILABLE = new Set([
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

export interface ErrorScope extends StoreErrorContext {
  operation: string;
  table: string;
  envVar: string;
}

export function errorName(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { name, code } = err as { name?: unknown; code?: unknown };
  return typeof code === 'string' && UNAVAILABLE.has(code) ? code : typeof name === 'string' ? name : undefined;
}

/** True for a transaction cancelled only because a condition check failed. */
export function cancelledByCondition(err: unknown): boolean {
  if (errorName(err) !== 'TransactionCanceledException') return false;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'ConditionalCheckFailed') && reasons.every((r) => r.Code === 'ConditionalCheckFailed' || r.Code === 'None');
}

const CONTENTION_REASONS = new Set(['TransactionConflict', 'ThrottlingError', 'ProvisionedThroughputExceeded']);

/** True for a transaction cancelled by a concurrent transaction or by throttling (worth retrying). */
function cancelledByContention(err: unknown): boolean {
  if (errorName(err) === 'TransactionConflictException') return true;
  if (errorName(err) !== 'TransactionCanceledException') return false;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => r.Code !== undefined && CONTENTION_REASONS.has(r.Code));
}

export function translateError(err: unknown, scope: ErrorScope): StoreError {
  if (err instanceof StoreError) return err;
  const name = errorName(err);
  const context: StoreErrorContext = { ...scope };
  if (name === 'ConditionalCheckFailedException' || cancelledByCondition(err)) {
    return new ConditionConflictError(`${scope.operation}: condition not met`, { cause: err, context });
  }
  if (name === 'ResourceNotFoundException') return new TableNotFoundError(scope.table, scope.envVar, { cause: err, context });
  if ((name !== undefined && THROTTLING.has(name)) || cancelledByContention(err)) {
    return new StoreThrottledError(`${scope.operation}: DynamoDB throttled the request`, { cause: err, context });
  }
  if (name !== undefined && (UNAVAILABLE.has(name) || isServerFault(err))) {
    return new StoreUnavailableError(`${scope.operation}: DynamoDB unavailable`, { cause: err, context });
  }
  return new StoreError(`${scope.operation} failed${name ? `: ${name}` : ''}`, { cause: err, context });
}

function isServerFault(err: unknown): boolean {
  const meta = (err as { $fault?: unknown; $metadata?: { httpStatusCode?: number } }) ?? {};
  return meta.$fault === 'server' || (meta.$metadata?.httpStatusCode ?? 0) >= 500;
}
