import { type StreamerError } from './errors';

/** `open`: a connection is open (the first one, or a new one after a reconnect). */
export interface OpenEvent {
  reconnected: boolean;
}

/** `close`: the connection closed; `willReconnect` tells whether the client is trying again. */
export interface CloseEvent {
  code: number;
  reason: string;
  willReconnect: boolean;
}

/** `reconnecting`: attempt number `attempt` (1-based) starts after `delayMs`. */
export interface ReconnectingEvent {
  attempt: number;
  delayMs: number;
}

/** `reconnect`: a connection is open again after `attempts` attempts; pending requests are resuming. */
export interface ReconnectEvent {
  attempts: number;
}

/** `event`: any `event` message pushed by the server (topic, user, tenant or connection pushes). */
export interface TopicEvent<T = unknown> {
  topic: string;
  data: T;
}

/** Every event a `StreamerClient` emits, with its payload. */
export interface StreamerClientEvents {
  open: OpenEvent;
  close: CloseEvent;
  reconnecting: ReconnectingEvent;
  reconnect: ReconnectEvent;
  event: TopicEvent;
  /** Errors not tied to a request: a failed subscribe, a server error for an unparseable frame, giving up reconnecting. */
  error: StreamerError;
}

/** Lifecycle state of a client. */
export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';
