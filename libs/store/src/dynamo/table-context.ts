// What every DynamoDB repository needs: the client, its table (and the env var naming it), a clock
// and a logger, plus `run`, which translates any failure into a store error at this boundary.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type StoreError, type StoreErrorContext } from '../errors';
import type { StoreLogger } from '../logger';
import { translateError } from './translate-error';

export interface TableContext {
  doc: DynamoDBDocumentClient;
  table: string;
  envVar: string;
  clock: () => number;
  logger: StoreLogger;
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
