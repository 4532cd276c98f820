// Test doubles and event builders for @streamer/processor. Import from '@streamer/processor/testing' in tests only.
export { sqsRecord, sqsRetryEvent, streamInsertEvent } from './testing/events';
export { FakeRetryQueue } from './testing/fake-retry-queue';
