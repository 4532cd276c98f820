// Test doubles for @streamer/client. Import from '@streamer/client/testing' in tests only.
export {};
