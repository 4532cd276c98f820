export { StreamerClient } from './client';
export type { RequestOptions } from './client';
export { StreamerError, isStreamerError, CLIENT_ERROR_CODES } from './errors';
export type { ClientErrorCode, StreamerErrorCode, StreamerErrorOptions, StreamerErrorJSON } from './errors';
export type { StreamerClientOptions } from './options';
export type { TokenSource } from './token';
export type {
  StreamerClientEvents,
  ClientState,
  OpenEvent,
  CloseEvent,
  ReconnectingEvent,
  ReconnectEvent,
  TopicEvent,
} from './events';
export type { EventHandler } from './subscriptions';
export type { AckHandler, ProgressHandler } from './request-state';
export type { Listener } from './emitter';
export type { Logger } from './logger';
export type { Timers } from './timers';
export type { BackoffOptions } from './backoff';
export { backoffDelay } from './backoff';
export type { WebSocketLike, WebSocketConstructor, SocketMessageEvent, SocketCloseEvent } from './transport';
export { clientVersion } from './version';
