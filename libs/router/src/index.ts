// @streamer/router: the $default pipeline. See README.md.
export { createRouter } from './router';
export type { Router } from './router';
export { API_GATEWAY_TIMEOUT_MS, DEFAULT_RATE_LIMIT, DEFAULT_REQUEST_TTL_MS, DEFAULT_SYNC_TIMEOUT_MS } from './options';
export type { RouterOptions } from './options';
