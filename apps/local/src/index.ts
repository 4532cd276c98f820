// The local stack's programmatic API lives in @streamer/local-stack; this entry keeps the old path working.
export * from '@streamer/local-stack';
