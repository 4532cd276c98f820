// The client's events: what it emits (`open`, `close`, `reconnecting`, …) and the small typed emitter
// that delivers them.
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

/**
 * Where a pushed event comes from. Topic events carry `seq` (gap-free and increasing per topic) and
 * `publishedAt` (epoch ms); user, connection and tenant pushes are ephemeral and carry neither.
 */
export interface EventMeta {
  topic: string;
  seq?: number;
  publishedAt?: number;
}

/**
 * `event`: a pushed event. Events of a subscribed topic come once each, in `seq` order, as delivered to
 * its handlers; any other push (ephemeral, or for a topic not subscribed) as it arrives.
 */
export interface TopicEvent<T = unknown> extends EventMeta {
  data: T;
}

/**
 * `truncated`: events `from`..`to` (inclusive) of `topic` expired on the server (retention) before this
 * client could deliver them; delivery continues with the oldest event still available.
 */
export interface TruncatedEvent {
  topic: string;
  from: number;
  to: number;
}

/** Every event a `StreamerClient` emits, with its payload. */
export interface StreamerClientEvents {
  open: OpenEvent;
  close: CloseEvent;
  reconnecting: ReconnectingEvent;
  reconnect: ReconnectEvent;
  event: TopicEvent;
  truncated: TruncatedEvent;
  /** Errors not tied to a request: a failed subscribe, a server error for an unparseable frame, giving up reconnecting. */
  error: StreamerError;
}

/** Lifecycle state of a client. */
export type ClientState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A listener for one event; receives that event's payload. */
export type Listener<T> = (payload: T) => void;

/**
 * A tiny typed event emitter (no Node `events`, works in browsers).
 * A throwing listener never breaks the emitter or other listeners: its error goes to `onListenerError`.
 * Unlike Node's EventEmitter, emitting `error` with no listener does not throw.
 */
export class TypedEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof Events) => void = () => undefined) {}

  /** Adds `listener` for `event`; returns a function that removes it. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Removes `listener` from `event` (no-op when absent). */
  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    set.delete(listener);
    if (set.size === 0) this.listeners.delete(event);
  }

  /** Number of listeners for `event`. */
  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  /** Calls every listener of `event` with `payload`, in the order they were added. */
  emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set] as Listener<Events[K]>[]) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
