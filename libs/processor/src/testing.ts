// Test doubles and event builders for @streamer/processor. Import from '@streamer/processor/testing' in tests only.
export { sqsRecord, sqsRetryEvent, streamInsertEvent, streamRecord } from './testing/events';
export { FakeRetryQueue } from './testing/fake-retry-queue';
export type { EnqueuedRetry } from './testing/fake-retry-queue';
export { FakeStreamBatchReader } from './testing/fake-stream-batch-reader';
