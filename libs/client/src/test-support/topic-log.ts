import { type ClientMessage, event, type EventMessage, result, type SubscribePayload } from '@streamer/protocol';
import { type FakeConnection } from '../testing';

/** The `publishedAt` of event `seq` in a `TopicLog`. */
export const publishedAt = (seq: number): number => 1_764_950_400_000 + seq;

/**
 * One topic's stored history, answering `subscribe` as the server does: with `since`, the retained
 * events after it (at most `pageSize`, in order) as `event` frames, then the result with the topic's
 * head (`truncated: true` when events after `since` expired). Use `answer` as a `FakeServer` handler.
 */
export class TopicLog {
  private readonly stored: EventMessage[] = [];
  /** Events before this seq have expired. */
  private oldest = 1;

  constructor(
    readonly topic: string,
    private readonly pageSize = 1000,
  ) {}

  get head(): number {
    return this.stored.length;
  }

  /** Stores the next event (data: its seq) and returns its frame; nothing is sent. */
  publish(): EventMessage {
    const seq = this.stored.length + 1;
    const message = event(this.topic, seq, { seq, publishedAt: publishedAt(seq) }) as EventMessage;
    this.stored.push(message);
    return message;
  }

  /** Publishes until the head is `seq`. */
  publishThrough(seq: number): void {
    while (this.head < seq) this.publish();
  }

  /** The stored frame of event `seq`. */
  frame(seq: number): EventMessage {
    const message = this.stored[seq - 1];
    if (!message) throw new Error(`No event ${seq} on ${this.topic}`);
    return message;
  }

  /** Retention: events up to `seq` expire. */
  expireThrough(seq: number): void {
    this.oldest = seq + 1;
  }

  /** Answers `subscribe`/`unsubscribe` for this topic; ignores anything else. */
  readonly answer = (message: ClientMessage, connection: FakeConnection): void => {
    if (message.action === 'unsubscribe') connection.send(result(message.id, { topic: this.topic, subscribed: false }));
    if (message.action !== 'subscribe') return;
    const { since } = message.payload as SubscribePayload;
    const truncated = since !== undefined && since + 1 < this.oldest && this.head > since;
    if (since !== undefined) {
      const from = Math.max(since + 1, this.oldest);
      for (let seq = from; seq <= Math.min(this.head, from + this.pageSize - 1); seq += 1) connection.send(this.frame(seq));
    }
    connection.send(result(message.id, { topic: this.topic, subscribed: true, seq: this.head, ...(truncated ? { truncated } : {}) }));
  };
}
