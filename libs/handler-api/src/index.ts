// @streamer/handler-api: the handler contract and the one outbound port. See README.md.
export type {
  AsyncHandlerContext,
  Handler,
  HandlerContext,
  HandlerErrorCode,
  HandlerRequest,
  MessageSender,
  Payload,
  ProgressReporter,
  Publisher,
  PublishResult,
  PublishTarget,
} from './handler';
export {
  FatalError,
  HandlerError,
  HandlerRegistrationError,
  HandlerRegistry,
  RetryableError,
  runsAsync,
  stopGraceMs,
  validatePayload,
} from './handler';
export { Continuation } from './continuation';
export type { ContinuationContext } from './continuation';
