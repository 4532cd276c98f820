/** Version of the @streamer/connection-manager public API. */
export const connectionManagerVersion = 1 as const;
