/** Version of the @streamer/handlers-example public API. */
export const handlersExampleVersion = 1 as const;
