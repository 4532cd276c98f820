// @streamer/client: the browser-safe Streamer WebSocket client. Every name here is public API (see README.md).
export type { Logger } from '@streamer/kernel';
export { clientVersion, StreamerClient } from './client';
export type { RequestOptions } from './client';
export type { WebSocketConstructor, WebSocketLike, SocketCloseEvent, SocketMessageEvent } from './connection';
export { CLIENT_ERROR_CODES, isStreamerError, StreamerError } from './errors';
export type { ClientErrorCode, StreamerErrorCode, StreamerErrorJSON, StreamerErrorOptions } from './errors';
export type {
  ClientState,
  CloseEvent,
  EventMeta,
  Listener,
  OpenEvent,
  ReconnectEvent,
  ReconnectingEvent,
  StreamerClientEvents,
  TopicEvent,
  TruncatedEvent,
} from './events';
export type { StreamerClientOptions, Timers, TokenSource } from './options';
export type { AckHandler, ProgressHandler } from './pending';
export type { TokenTransport } from './token';
export { backoffDelay } from './reconnect';
export type { BackoffOptions } from './reconnect';
export type { EventHandler, SubscribeOptions } from './topics';
