/** Version of the @streamer/processor public API. */
export const processorVersion = 1 as const;
