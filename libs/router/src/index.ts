// @streamer/router: the $default pipeline. See README.md.
export { createRouter } from './router';
export type { Router } from './router';
export type { RouteInput, RouteResult } from './context';
export type { RouterLogger } from './logger';
export {
  API_GATEWAY_TIMEOUT_MS,
  DEFAULT_DEADLINE_MARGIN_MS,
  DEFAULT_RATE_LIMIT,
  DEFAULT_REQUEST_TTL_MS,
  DEFAULT_SYNC_TIMEOUT_MS,
} from './options';
export type { RouterOptions } from './options';
export {
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  RouterConfigError,
  RouterError,
  SyncDeadlineError,
  UnauthorizedError,
} from './errors';
export type { RouterErrorOptions } from './errors';
export type { CancelView } from './built-ins/cancel';
export type { SubscriptionView } from './built-ins/subscription';
export { syncBudgetMs } from './deadline';
