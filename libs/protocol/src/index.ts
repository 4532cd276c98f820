export { ERROR_CODES, ERROR_CODE_LIST, isErrorCode, isRetryable, genericMessage } from './codes';
export type { ErrorCode } from './codes';
export {
  PROTOCOL_VERSION,
  MAX_MESSAGE_BYTES,
  MAX_CLIENT_FRAME_BYTES,
  CLIENT_ID_PATTERN,
  ACTION_PATTERN,
  REQUEST_ID_PATTERN,
  TOPIC_PATTERN,
  MAX_NESTING_DEPTH,
  isTopic,
} from './limits';
export { BUILTIN_ACTIONS, isBuiltinAction } from './actions';
export type { BuiltinAction, TopicPayload, RequestRefPayload } from './actions';
export { isAction } from './client-messages';
export type {
  Payload,
  PingMessage,
  SubscribeMessage,
  UnsubscribeMessage,
  StatusMessage,
  CancelMessage,
  HandlerMessage,
  BuiltinMessages,
  BuiltinMessage,
  ClientMessage,
} from './client-messages';
export { REQUEST_STATUSES, SERVER_MESSAGE_TYPES } from './server-messages';
export type {
  RequestStatus,
  WireError,
  AckMessage,
  ProgressMessage,
  ResultMessage,
  ErrorMessage,
  EventMessage,
  PongMessage,
  ServerMessage,
  ServerMessageType,
  RequestStatusView,
  StatusResultMessage,
} from './server-messages';
export { ProtocolError, InvalidMessageError, FrameTooLargeError, SerializationError, ProgressRangeError } from './errors';
export type { ProtocolErrorOptions, WireErrorSource } from './errors';
export type { FrameReason, ClientParseReason, ServerParseReason, ParseReason, ParseResult } from './reasons';
export { parseClientMessage } from './parse-client';
export { parseServerMessage } from './parse-server';
export { ack, progress, result, event, pong } from './build';
export { error, errorFrom } from './error-reply';
export type { ErrorReplyOptions } from './error-reply';
export { serialize } from './serialize';
export { isRequestStatusView, isWireError, isProgressValue } from './status-view';
export { utf8ByteLength } from './utf8';
