// The processor's error family. Handler failures are not here: handlers throw the errors of
// @streamer/handler-api. These describe records, queues and the lifecycle of one run.

export interface ProcessorErrorContext {
  requestId?: string;
  /** SQS message id or DynamoDB stream sequence number of the record concerned. */
  recordId?: string;
  [key: string]: unknown;
}

export interface ProcessorErrorOptions {
  cause?: unknown;
  context?: ProcessorErrorContext;
}

/** Base class of every error thrown by @streamer/processor. */
export class ProcessorError extends Error {
  override name = 'ProcessorError';
  readonly context: ProcessorErrorContext;

  constructor(message: string, options: ProcessorErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.context = options.context ?? {};
  }
}

/** A record that can never be processed (malformed SQS body, undecodable stream image). */
export class PoisonRecordError extends ProcessorError {
  override name = 'PoisonRecordError';
}

/** The retry queue refused or could not take a message; the record is redelivered by Lambda. */
export class RetryQueueError extends ProcessorError {
  override name = 'RetryQueueError';
}

/** The records of a dead-lettered stream batch cannot be read back (past the stream's 24 h, or a Streams API error). */
export class StreamBatchUnavailableError extends ProcessorError {
  override name = 'StreamBatchUnavailableError';
}

/** The invocation has too little time left to start a run; the record is redelivered unclaimed. */
export class InsufficientTimeError extends ProcessorError {
  override name = 'InsufficientTimeError';
}

/** No registered handler runs this action in the background. Treated as a retryable internal error. */
export class MissingHandlerError extends ProcessorError {
  override name = 'MissingHandlerError';
}

/** A progress value outside [0, 1], reported by a handler. */
export class InvalidProgressError extends ProcessorError {
  override name = 'InvalidProgressError';
}

/** An event that is neither a DynamoDB Stream batch nor an SQS batch. */
export class UnsupportedEventError extends ProcessorError {
  override name = 'UnsupportedEventError';
}

/** Abort reason: the run reached its deadline (Lambda time or lease). Retried as `TIMEOUT`. */
export class RunDeadlineError extends ProcessorError {
  override name = 'RunDeadlineError';
}

/**
 * Abort reason: the request left `processing` under this run (cancelled by the client, or taken over
 * after the lease expired). The run's outcome is discarded.
 */
export class RunSupersededError extends ProcessorError {
  override name = 'RunSupersededError';

  get currentStatus(): unknown {
    return this.context['currentStatus'];
  }
}

/** Processor options out of range (e.g. a lease shorter than the deadline margin). */
export class ProcessorConfigError extends ProcessorError {
  override name = 'ProcessorConfigError';
}
