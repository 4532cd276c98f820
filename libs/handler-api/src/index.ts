export type {
  AsyncHandlerContext,
  Handler,
  HandlerContext,
  HandlerLogger,
  HandlerRequest,
  Payload,
  ProgressReporter,
} from './handler';
export { runsAsync } from './handler';
export type { HandlerErrorCode, HandlerErrorOptions } from './errors';
export { FatalError, HandlerError, HandlerRegistrationError, RetryableError } from './errors';
export { BUILT_IN_ACTIONS, HandlerRegistry } from './registry';
export type { MessageSender } from './message-sender';
export type { Validation } from './validate';
export { validatePayload } from './validate';
