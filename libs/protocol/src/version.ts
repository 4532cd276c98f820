/** Version of the @streamer/protocol public API. */
export const protocolVersion = 1 as const;
