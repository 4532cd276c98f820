// Topic subscriptions: the handlers of each topic, their `subscribe`/`unsubscribe` messages, and the
// delivery of each topic event exactly once and in `seq` order — across out-of-order arrivals, gaps that
// must be fetched again, expired history and reconnects.
import { type EventMessage, isSeq, type SubscribePayload } from '@streamer/protocol';
import { type Logger } from '@streamer/kernel';
import { StreamerError } from './errors';
import { type EventMeta, type StreamerClientEvents, type TruncatedEvent, type TypedEmitter } from './events';
import { Timer, type Timers } from './options';
import { type ControlReply } from './pending';
import { type RequestRegistry } from './requests';
import { type ExpiredRange, type SequencedEvent, TopicOrder } from './topic-order';
import { assertSince, assertTopic } from './wire';

/** Called with each event of a subscribed topic: its data, and its topic, `seq` and `publishedAt`. */
export type EventHandler<T = unknown> = (data: T, meta: EventMeta) => void;

/** Options of one `subscribe`. */
export interface SubscribeOptions {
  /**
   * Resume after this `seq` (the last one the app processed, e.g. persisted across page loads): the
   * retained events after it are replayed first. Applies when the topic's first handler subscribes.
   */
  since?: number;
  /** Called when events after the position expired on the server and will never be delivered. */
  onTruncated?: (range: TruncatedEvent) => void;
}

/** What topics need from the client. */
export interface TopicsDeps {
  registry: RequestRegistry;
  emitter: TypedEmitter<StreamerClientEvents>;
  logger: Logger;
  timers: Timers;
  /** How long a gap may stay open before it is fetched with `subscribe {since}`. */
  gapTimeoutMs: number;
}

interface Registration {
  onEvent: EventHandler;
  onTruncated?: (range: TruncatedEvent) => void;
}

/** The topic's head and truncation read from a `subscribe` result; undefined fields when malformed. */
function readView(data: unknown): { head: number | undefined; truncated: boolean } {
  const view = (typeof data === 'object' && data !== null ? data : {}) as { seq?: unknown; truncated?: unknown };
  return { head: isSeq(view.seq) ? view.seq : undefined, truncated: view.truncated === true };
}

/** One subscribed topic: its handlers, its ordering state, its `subscribe` in flight and its timers. */
class Topic {
  private readonly registrations = new Set<Registration>();
  private readonly order: TopicOrder;
  private readonly gapTimer: Timer;
  /** Sends `subscribe` again after a retryable refusal. */
  private readonly retryTimer: Timer;
  /** The position the gap timer is waiting at. */
  private gapAt: number | undefined;
  /** A `subscribe` sent on the current connection awaits its result. */
  private subscribing = false;
  private active = true;

  constructor(
    readonly name: string,
    since: number | undefined,
    private readonly deps: TopicsDeps,
  ) {
    this.order = new TopicOrder(since);
    this.gapTimer = new Timer(deps.timers);
    this.retryTimer = new Timer(deps.timers);
  }

  add(registration: Registration): void {
    this.registrations.add(registration);
  }

  /** Removes a handler; true when it was the last (the topic is then closed). */
  remove(registration: Registration): boolean {
    if (!this.registrations.delete(registration) || this.registrations.size > 0) return false;
    this.active = false;
    this.pause();
    return true;
  }

  /** Sends `subscribe` from the current position: `since` once it is known. */
  subscribe(): void {
    this.gapTimer.stop();
    this.retryTimer.stop();
    const since = this.order.position;
    const payload: SubscribePayload = since === undefined ? { topic: this.name } : { topic: this.name, since };
    this.subscribing = this.deps.registry.sendControl('subscribe', payload, (reply) => this.onReply(reply, since));
  }

  /** The connection dropped: the `subscribe` in flight will not be answered; the next connection re-subscribes. */
  pause(): void {
    this.subscribing = false;
    this.gapTimer.stop();
    this.retryTimer.stop();
  }

  receive(message: EventMessage): void {
    if (message.seq === undefined) return this.deliver(message);
    for (const ready of this.order.accept(message as SequencedEvent)) this.deliver(ready);
    this.watchGap();
  }

  private onReply(reply: ControlReply, sentAt: number | undefined): void {
    if (!this.active) return;
    this.subscribing = false;
    if (reply.type === 'error') return this.refused(StreamerError.fromWire(reply.error));
    const { head, truncated } = readView(reply.data);
    if (head === undefined) this.deps.logger.warn('subscribe answered without the topic seq', { topic: this.name });
    if (head !== undefined && sentAt !== undefined && head < sentAt) {
      this.deps.logger.warn('The topic seq is behind since: events up to since are not delivered', { topic: this.name, since: sentAt, seq: head });
    }
    const { expired, deliver } = this.order.settle(head, truncated);
    if (expired) this.truncated(expired);
    for (const ready of deliver) this.deliver(ready);
    // A replay that advanced but stopped short of the head was cut at the server's page size: go on at once.
    if (sentAt !== undefined && this.order.hasGap && this.order.position !== sentAt) return this.subscribe();
    this.watchGap();
  }

  /** A refused `subscribe` is reported; a retryable refusal (e.g. `RATE_LIMITED`) is tried again later. */
  private refused(error: StreamerError): void {
    this.deps.logger.warn('subscribe failed', { topic: this.name, code: error.code });
    this.deps.emitter.emit('error', error);
    if (error.retryable) this.retryTimer.start(error.retryAfterMs ?? this.deps.gapTimeoutMs, () => this.subscribe());
  }

  /** Starts the gap timer when events are missing at a new position; stops it once nothing is. */
  private watchGap(): void {
    if (!this.order.hasGap) return this.gapTimer.stop();
    if (this.subscribing || this.retryTimer.active || (this.gapTimer.active && this.gapAt === this.order.position)) return;
    this.gapAt = this.order.position;
    this.gapTimer.start(this.deps.gapTimeoutMs, () => this.subscribe());
  }

  private deliver(message: EventMessage): void {
    if (!this.active) return;
    const meta: EventMeta =
      message.seq === undefined ? { topic: this.name } : { topic: this.name, seq: message.seq, publishedAt: message.publishedAt };
    for (const registration of [...this.registrations]) this.call(() => registration.onEvent(message.data, meta), 'Event handler threw');
    this.deps.emitter.emit('event', { ...meta, data: message.data });
  }

  private truncated(range: ExpiredRange): void {
    const event: TruncatedEvent = { topic: this.name, ...range };
    this.deps.logger.warn('Topic events expired before delivery', { ...event });
    for (const registration of [...this.registrations]) this.call(() => registration.onTruncated?.(event), 'onTruncated threw');
    this.deps.emitter.emit('truncated', event);
  }

  private call(fn: () => void, message: string): void {
    try {
      fn();
    } catch (error) {
      this.deps.logger.warn(message, { topic: this.name, error: String(error) });
    }
  }
}

/** Topic subscriptions on the wire: `subscribe`/`unsubscribe`, re-subscription, ordered event delivery. */
export class Topics {
  private readonly topics = new Map<string, Topic>();

  constructor(private readonly deps: TopicsDeps) {}

  /** Adds `onEvent` to `topic` (sending `subscribe` for a new topic); returns the unsubscribe function. */
  subscribe(topic: string, onEvent: EventHandler, options: SubscribeOptions = {}): () => void {
    assertTopic(topic);
    assertSince(options.since);
    const registration: Registration = { onEvent, onTruncated: options.onTruncated };
    const entry = this.join(topic, registration, options.since);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      if (!entry.remove(registration)) return;
      if (this.topics.get(topic) === entry) this.topics.delete(topic);
      this.send('unsubscribe', topic);
    };
  }

  /** A connection opened: subscribe to every wanted topic on it, from each one's position. */
  resubscribe(): void {
    for (const topic of this.topics.values()) topic.subscribe();
  }

  /** The connection dropped or the client closed. */
  disconnected(): void {
    for (const topic of this.topics.values()) topic.pause();
  }

  /** An `event` arrived: the subscribed topic orders it; any other push goes to `event` listeners as it is. */
  dispatch(message: EventMessage): void {
    const topic = this.topics.get(message.topic);
    if (topic) return topic.receive(message);
    const { topic: name, seq, publishedAt, data } = message;
    this.deps.emitter.emit('event', seq === undefined ? { topic: name, data } : { topic: name, seq, publishedAt, data });
  }

  /** Adds the handler to the topic's subscription, opening it (and sending `subscribe`) for a new topic. */
  private join(topic: string, registration: Registration, since: number | undefined): Topic {
    const existing = this.topics.get(topic);
    if (existing) {
      if (since !== undefined) this.deps.logger.warn('since ignored: the topic is already subscribed', { topic, since });
      existing.add(registration);
      return existing;
    }
    const entry = new Topic(topic, since, this.deps);
    this.topics.set(topic, entry);
    entry.add(registration);
    entry.subscribe();
    return entry;
  }

  private send(action: 'unsubscribe', topic: string): void {
    this.deps.registry.sendControl(action, { topic }, (reply) => {
      if (reply.type !== 'error') return;
      this.deps.logger.warn(`${action} failed`, { topic, code: reply.error.code });
      this.deps.emitter.emit('error', StreamerError.fromWire(reply.error));
    });
  }
}
