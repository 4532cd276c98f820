// Topic subscriptions: the handlers of each topic, and their `subscribe`/`unsubscribe` messages,
// re-subscription after a reconnect and event dispatch.
import { type EventMessage } from '@streamer/protocol';
import { type Logger } from '@streamer/kernel';
import { StreamerError } from './errors';
import { type StreamerClientEvents, type TypedEmitter } from './events';
import { type RequestRegistry } from './requests';
import { assertTopic } from './wire';

/** Called with each `event` pushed to a subscribed topic. */
export type EventHandler<T = unknown> = (data: T, topic: string) => void;

/** Topics this client wants and the handlers of each; survives reconnects. */
export class Subscriptions {
  private readonly topics = new Map<string, Set<EventHandler>>();

  /** Adds a handler; true when it is the topic's first (a `subscribe` must be sent). */
  add(topic: string, handler: EventHandler): boolean {
    const handlers = this.topics.get(topic);
    if (handlers) {
      handlers.add(handler);
      return false;
    }
    this.topics.set(topic, new Set([handler]));
    return true;
  }

  /** Removes a handler; true when it was the topic's last (an `unsubscribe` must be sent). */
  remove(topic: string, handler: EventHandler): boolean {
    const handlers = this.topics.get(topic);
    if (!handlers?.delete(handler)) return false;
    if (handlers.size > 0) return false;
    this.topics.delete(topic);
    return true;
  }

  /** Every subscribed topic (re-subscribed after a reconnect). */
  list(): string[] {
    return [...this.topics.keys()];
  }

  /** Calls the topic's handlers; a throwing handler is reported and does not stop the others. */
  dispatch(topic: string, data: unknown, onHandlerError: (error: unknown) => void): number {
    const handlers = [...(this.topics.get(topic) ?? [])];
    for (const handler of handlers) {
      try {
        handler(data, topic);
      } catch (error) {
        onHandlerError(error);
      }
    }
    return handlers.length;
  }

  clear(): void {
    this.topics.clear();
  }
}

/** Topic subscriptions on the wire: `subscribe`/`unsubscribe` messages, re-subscription, event dispatch. */
export class Topics {
  private readonly subscriptions = new Subscriptions();

  constructor(
    private readonly registry: RequestRegistry,
    private readonly emitter: TypedEmitter<StreamerClientEvents>,
    private readonly logger: Logger,
  ) {}

  /** Adds `handler` to `topic` (sending `subscribe` for a new topic); returns the unsubscribe function. */
  subscribe(topic: string, handler: EventHandler): () => void {
    assertTopic(topic);
    if (this.subscriptions.add(topic, handler)) this.send('subscribe', topic);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      if (this.subscriptions.remove(topic, handler)) this.send('unsubscribe', topic);
    };
  }

  /** A connection opened: subscribe to every wanted topic on it. */
  resubscribe(): void {
    for (const topic of this.subscriptions.list()) this.send('subscribe', topic);
  }

  /** An `event` arrived: call the topic's handlers, then the client's `event` listeners. */
  dispatch(message: EventMessage): void {
    const onError = (error: unknown): void => {
      this.logger.warn('Event handler threw', { topic: message.topic, error: String(error) });
    };
    this.subscriptions.dispatch(message.topic, message.data, onError);
    this.emitter.emit('event', { topic: message.topic, data: message.data });
  }

  private send(action: 'subscribe' | 'unsubscribe', topic: string): void {
    this.registry.sendControl(action, { topic }, (reply) => {
      if (reply.type !== 'error') return;
      this.logger.warn(`${action} failed`, { topic, code: reply.error.code });
      this.emitter.emit('error', StreamerError.fromWire(reply.error));
    });
  }
}
