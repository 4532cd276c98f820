import type { AppendTopicEvent, ReadTopicEvents, TopicEvent, TopicEventPage, TopicEventStore } from '../model';
import { subscriptionTopicKey } from '../tables';
import { assertAppend, eventTtl, isTruncated, readLimit, retained } from '../topic-events';
import type { InMemoryStoreOptions } from './in-memory-options';

interface StoredEvent extends TopicEvent {
  ttl: number;
}

/**
 * In-memory TopicEventStore keyed like the table (`${tenantId}#${topic}`). Like DynamoDB it never
 * deletes an expired event by itself; `read` skips events whose `ttl` has passed at `now`.
 */
export class InMemoryTopicEventStore implements TopicEventStore {
  /** topic key → the topic's events in seq order (seq n at index n - 1). */
  private readonly topics = new Map<string, StoredEvent[]>();
  private readonly clock: () => number;

  constructor(options: InMemoryStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  async append(event: AppendTopicEvent): Promise<{ seq: number; publishedAt: number }> {
    assertAppend(event);
    const key = subscriptionTopicKey(event.tenantId, event.topic);
    const events = this.topics.get(key) ?? [];
    const publishedAt = event.now ?? this.clock();
    const seq = events.length + 1;
    // Stored as the DynamoDB store keeps it: JSON text, so the data read back is a copy of plain JSON.
    events.push({ seq, publishedAt, data: JSON.parse(JSON.stringify(event.data)) as unknown, ttl: eventTtl(publishedAt, event.retentionSeconds) });
    this.topics.set(key, events);
    return { seq, publishedAt };
  }

  async read(query: ReadTopicEvents): Promise<TopicEventPage> {
    const limit = readLimit(query);
    const now = query.now ?? this.clock();
    const all = this.topics.get(subscriptionTopicKey(query.tenantId, query.topic)) ?? [];
    const events = all
      .slice(query.after)
      .filter((e) => retained(e.ttl, now))
      .slice(0, limit)
      .map(({ seq, publishedAt, data }) => ({ seq, publishedAt, data: structuredClone(data) }));
    return { events, head: all.length, truncated: isTruncated(query.after, all.length, events[0]?.seq) };
  }
}
