export { createProcessor } from './processor';
export type { BatchResponse, Processor } from './processor';
export { PROCESSOR_DEFAULTS } from './settings';
export type { ProcessorOptions } from './settings';
export type { StreamBatchReader } from './dead-letters';
export { DynamoStreamBatchReader } from './dynamo-stream-batch-reader';
export type { Disposition, RunReport } from './settle';
export type { Invocation, ProcessorLogger, RetryQueue } from './ports';
export { SqsRetryQueue } from './sqs-retry-queue';
export type { SqsRetryQueueOptions } from './sqs-retry-queue';
export { MAX_RETRY_DELAY_SECONDS, mayRetry, retryDelaySeconds } from './retry-policy';
export { requestIdFromSqsRecord, requestIdFromStreamRecord, retryMessageBody, retryMessageSchema } from './records';
export type { RetryMessage } from './records';
export { recoverExpiredLeases } from './recover-expired-leases';
export type { RecoverExpiredLeasesOptions, RecoveryReport } from './recover-expired-leases';
export { DEFAULT_STALLED_RETRY_AFTER_MS, resendStalledRetries } from './resend-stalled-retries';
export type { ResendReport, ResendStalledRetriesOptions } from './resend-stalled-retries';
export {
  InsufficientTimeError,
  InvalidProgressError,
  MissingHandlerError,
  PoisonRecordError,
  ProcessorConfigError,
  ProcessorError,
  RetryQueueError,
  RunDeadlineError,
  RunSupersededError,
  UnsupportedEventError,
} from './errors';
export type { ProcessorErrorContext, ProcessorErrorOptions } from './errors';
