/** Version of the @streamer/auth public API. */
export const authVersion = 1 as const;
