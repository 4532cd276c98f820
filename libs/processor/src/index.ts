// @streamer/processor: runs queued requests from the requests table's stream and the retry queue.
// The AWS adapters of its ports are behind @streamer/processor/aws; test doubles behind ./testing.
export { createProcessor } from './processor';
export type { BatchResponse, Processor } from './processor';
export { PROCESSOR_DEFAULTS } from './settings';
export type { ProcessorOptions, RetryQueue } from './settings';
export type { StreamBatchReader } from './dead-letters';
export { DEFAULT_STALLED_RETRY_AFTER_MS, recoverExpiredLeases, resendStalledRetries } from './sweeps';
export { UnsupportedEventError } from './errors';
