import { type EventMessage } from '@streamer/protocol';
import { type TypedEmitter } from './emitter';
import { StreamerError } from './errors';
import { type StreamerClientEvents } from './events';
import { type Logger } from './logger';
import { type RequestRegistry } from './requests';
import { type EventHandler, Subscriptions } from './subscriptions';
import { assertTopic } from './validate';

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
