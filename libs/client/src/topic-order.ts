// Exactly-once, in-order delivery of one topic's events: the last `seq` delivered, a bounded buffer of
// events that arrived early, and what the answer to a `subscribe` (the topic's head, truncation) means
// for them. Pure state: the wire and the gap timer are `topics.ts`'s.
import { type EventMessage } from '@streamer/protocol';

/** A topic event with its place in the topic's history. */
export type SequencedEvent = EventMessage & { seq: number };

/** Events `from`..`to` (inclusive) that expired on the server before this client delivered them. */
export interface ExpiredRange {
  from: number;
  to: number;
}

/** What settling a `subscribe` produced: events now deliverable, and the range that expired, if any. */
export interface Settled {
  expired?: ExpiredRange;
  deliver: SequencedEvent[];
}

/** Most events buffered per topic while waiting for a missing one; beyond it the highest are refetched. */
export const MAX_BUFFERED_EVENTS = 1000;

/**
 * The ordering state of one topic. Until its position is known (a first `subscribe` without `since`,
 * before the result), arrivals are buffered; the result's head then becomes the position: events up to
 * the head are history, events after it are delivered. A full buffer keeps the lowest seqs and forgets
 * the highest, which stay known, so the gap they leave is fetched again rather than lost.
 */
export class TopicOrder {
  private last: number | undefined;
  /** The highest seq known to exist: seen in an event or reported as the head. */
  private known: number;
  /** The result carried no head: the first event that arrives sets the position. */
  private floating = false;
  private readonly buffer = new Map<number, SequencedEvent>();

  constructor(
    since: number | undefined,
    private readonly limit = MAX_BUFFERED_EVENTS,
  ) {
    this.last = since;
    this.known = since ?? 0;
  }

  /** The last seq delivered (or the `since` given), undefined until known. */
  get position(): number | undefined {
    return this.last;
  }

  /** Events after the position are known to exist but have not arrived. */
  get hasGap(): boolean {
    return this.last !== undefined && this.known > this.last;
  }

  get buffered(): number {
    return this.buffer.size;
  }

  /** An event arrived: returns the events now deliverable, in order (none for a duplicate or an early one). */
  accept(message: SequencedEvent): SequencedEvent[] {
    if (this.last === undefined && this.floating) this.last = message.seq - 1;
    if (this.last !== undefined && message.seq <= this.last) return [];
    this.known = Math.max(this.known, message.seq);
    if (this.last === undefined || message.seq > this.last + 1) {
      this.store(message);
      return [];
    }
    this.last = message.seq;
    return [message, ...this.drain()];
  }

  /**
   * A `subscribe` was answered with the topic's `head` (undefined when the server gave none). A fresh
   * subscription starts after the head; with `truncated`, what expired between the position and the
   * oldest event still available is skipped and reported.
   */
  settle(head: number | undefined, truncated: boolean): Settled {
    if (head !== undefined) this.known = Math.max(this.known, head);
    if (this.last === undefined) {
      this.anchor(head);
      return { deliver: this.drain() };
    }
    const expired = truncated && head !== undefined ? this.skipExpired(head) : undefined;
    return { expired, deliver: this.drain() };
  }

  private anchor(head: number | undefined): void {
    if (head === undefined) {
      this.floating = true;
      const lowest = this.lowest();
      if (lowest !== undefined) this.last = lowest - 1;
      return;
    }
    this.last = head;
    for (const seq of [...this.buffer.keys()]) if (seq <= head) this.buffer.delete(seq);
  }

  /** Moves the position past events that expired: up to the oldest one still available, or the head. */
  private skipExpired(head: number): ExpiredRange | undefined {
    const from = (this.last as number) + 1;
    const lowest = this.lowest();
    const to = lowest === undefined ? head : Math.min(head, lowest - 1);
    if (to < from) return undefined;
    this.last = to;
    return { from, to };
  }

  private store(message: SequencedEvent): void {
    if (this.buffer.has(message.seq)) return;
    if (this.buffer.size >= this.limit) {
      const highest = Math.max(...this.buffer.keys());
      if (message.seq > highest) return;
      this.buffer.delete(highest);
    }
    this.buffer.set(message.seq, message);
  }

  private drain(): SequencedEvent[] {
    const ready: SequencedEvent[] = [];
    if (this.last === undefined) return ready;
    for (let next = this.buffer.get(this.last + 1); next; next = this.buffer.get(this.last + 1)) {
      this.buffer.delete(next.seq);
      this.last = next.seq;
      ready.push(next);
    }
    return ready;
  }

  private lowest(): number | undefined {
    return this.buffer.size === 0 ? undefined : Math.min(...this.buffer.keys());
  }
}
