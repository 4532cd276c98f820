/** Version of the @streamer/client public API. */
export const clientVersion = 1 as const;
