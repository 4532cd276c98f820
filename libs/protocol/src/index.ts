// @streamer/protocol: the wire protocol v1 — message types, limits, parsers, reply constructors and errors.
export { ERROR_CODES, isErrorCode, genericMessage, ProtocolError, InvalidMessageError, FrameTooLargeError, ResultTooLargeError, SerializationError } from './errors';
export type { ErrorCode, ProtocolErrorOptions, WireErrorSource } from './errors';
export {
  PROTOCOL_VERSION,
  SUBPROTOCOL,
  TOKEN_SUBPROTOCOL_PREFIX,
  MAX_MESSAGE_BYTES,
  MAX_CLIENT_FRAME_BYTES,
  CLIENT_ID_PATTERN,
  ACTION_PATTERN,
  REQUEST_ID_PATTERN,
  TOPIC_PATTERN,
  MAX_NESTING_DEPTH,
  isTopic,
} from './limits';
export { isAction, isBuiltinAction } from './messages';
export { isRequestStatusView, isProgressValue, isSeq } from './definitions';
export type {
  RequestRefPayload,
  StatusPayload,
  ResultChunks,
  ResultChunkPosition,
  ResultChunkMessage,
  SubscribePayload,
  SubscriptionView,
  Payload,
  PingMessage,
  SubscribeMessage,
  UnsubscribeMessage,
  StatusMessage,
  CancelMessage,
  HandlerMessage,
  ClientMessage,
  RequestStatus,
  WireError,
  AckMessage,
  ProgressMessage,
  ResultMessage,
  ErrorMessage,
  EventMessage,
  PongMessage,
  ServerMessage,
  RequestStatusView,
  StatusResultMessage,
} from './messages';
export { serialize, utf8ByteLength } from './frame';
export { parseClientMessage, parseServerMessage } from './parse';
export { asyncApiDocument } from './asyncapi';
export { ack, progress, result, resultChunk, event, pong, error, errorFrom } from './replies';
export { DEFAULT_MAX_RESULT_BYTES, chunkResult, joinResult, crc32, splitUtf8 } from './chunks';
export type { ChunkedResult } from './chunks';
export type { EventPosition } from './replies';
