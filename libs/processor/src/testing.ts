// Test doubles and event builders for @streamer/processor. Import from '@streamer/processor/testing' in tests only.
export { sqsRecord, sqsRetryEvent, streamInsertEvent, streamRecord } from './testing/events';
export { FakeRetryQueue } from './testing/fake-retry-queue';
export type { EnqueuedRetry } from './testing/fake-retry-queue';
export { RecordingNotifier } from './testing/recording-notifier';
export type { SentMessage } from './testing/recording-notifier';
export { FakeStreamBatchReader } from './testing/fake-stream-batch-reader';
