// The store's error family. SDK exceptions are translated into these at the DynamoDB boundary
// (see dynamo/table.ts); the in-memory fakes throw the same classes.
import type { RequestStatus } from './model';

export interface StoreErrorContext {
  /** Store operation, e.g. "requests.claim". */
  operation?: string;
  table?: string;
  envVar?: string;
  requestId?: string;
  connectionId?: string;
  [key: string]: unknown;
}

export interface StoreErrorOptions<C extends StoreErrorContext = StoreErrorContext> {
  cause?: unknown;
  context?: C;
}

/** Base class of every error thrown by @streamer/store. */
export class StoreError<C extends StoreErrorContext = StoreErrorContext> extends Error {
  override name = 'StoreError';
  /** True when the same call may succeed later (throttling, transient unavailability). */
  readonly retryable: boolean = false;
  readonly context: C;

  constructor(message: string, options: StoreErrorOptions<C> = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = options.context ?? ({} as C);
  }
}

export interface ConflictContext extends StoreErrorContext {
  /** Status found on the item when the condition failed, when known. */
  currentStatus?: RequestStatus;
  expected?: readonly RequestStatus[];
}

/** A conditional write lost: the item is not in the state the operation requires. */
export class ConditionConflictError extends StoreError<ConflictContext> {
  override name = 'ConditionConflictError';

  get requestId(): string | undefined {
    return this.context.requestId;
  }

  get currentStatus(): RequestStatus | undefined {
    return this.context.currentStatus;
  }
}

/** The addressed item does not exist. */
export class ItemNotFoundError extends StoreError {
  override name = 'ItemNotFoundError';
}

/** A configured table does not exist; the message names the table and its env var. */
export class TableNotFoundError extends StoreError {
  override name = 'TableNotFoundError';

  constructor(table: string, envVar: string, options: StoreErrorOptions = {}) {
    super(`Table ${table} not found (${envVar})`, {
      cause: options.cause,
      context: { ...options.context, table, envVar },
    });
  }
}

/** DynamoDB throttled the call; retry with backoff. */
export class StoreThrottledError extends StoreError {
  override name = 'StoreThrottledError';
  override readonly retryable = true;
}

/** DynamoDB could not be reached or failed on its side; retry with backoff. */
export class StoreUnavailableError extends StoreError {
  override name = 'StoreUnavailableError';
  override readonly retryable = true;
}

/** A page token that this store did not issue (forged, truncated, from another table). */
export class InvalidPageTokenError extends StoreError {
  override name = 'InvalidPageTokenError';

  constructor(options: StoreErrorOptions = {}) {
    super('Invalid page token', options);
  }
}

/** An argument outside its documented range (page limit, progress value). */
export class InvalidInputError extends StoreError {
  override name = 'InvalidInputError';
}

/** Store configuration is incomplete, e.g. a table env var is missing. */
export class StoreConfigError extends StoreError {
  override name = 'StoreConfigError';
}

/**
 * A topic's `seq` could not be taken: concurrent publishers to the same (tenant, topic) kept winning
 * the conditional write on its head for every attempt. Publishing again may succeed.
 */
export class SequenceContentionError extends StoreError {
  override name = 'SequenceContentionError';
  override readonly retryable = true;
}
