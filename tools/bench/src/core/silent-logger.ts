// A logger that drops everything: the benchmark measures delivery, not log formatting.
const drop = (): void => undefined;

export const silentLogger = { debug: drop, info: drop, warn: drop, error: drop };
