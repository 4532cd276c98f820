// Test doubles for @streamer/auth. Import from '@streamer/auth/testing' in tests only.
export {};
