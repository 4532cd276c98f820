/** Version of the @streamer/router public API. */
export const routerVersion = 1 as const;
