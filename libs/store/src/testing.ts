// Test doubles for @streamer/store. Import from '@streamer/store/testing' in tests only.
export {};
