import type { SubscriptionRecord, SubscriptionStore } from '../model';
import { newSubscriptionRecord, type NewSubscription } from '../records';
import { subscriptionTopicKey } from '../tables';
import type { InMemoryConnectionStore } from './in-memory-connection-store';
import { type InMemoryStoreOptions, pagedFrom, pagesFrom } from './in-memory-options';

/** In-memory SubscriptionStore keyed like the table: (`${tenantId}#${topic}`, connectionId). */
export class InMemorySubscriptionStore implements SubscriptionStore {
  /** topic key → connectionId → record */
  private readonly topics = new Map<string, Map<string, SubscriptionRecord>>();
  private readonly clock: () => number;

  /**
   * With `connections`, `add`/`remove` keep the topic list on the connection's item there, as the
   * DynamoDB store does on the connection item (createInMemoryStores links the two).
   */
  constructor(
    options: InMemoryStoreOptions = {},
    private readonly connections?: Pick<InMemoryConnectionStore, 'listTopic'>,
  ) {
    this.clock = options.clock ?? Date.now;
  }

  async add(subscription: NewSubscription): Promise<void> {
    const record = newSubscriptionRecord(subscription, subscription.now ?? this.clock());
    const key = subscriptionTopicKey(record.tenantId, record.topic);
    const members = this.topics.get(key) ?? new Map<string, SubscriptionRecord>();
    this.connections?.listTopic(record.connectionId, record.topic, true);
    members.set(record.connectionId, record);
    this.topics.set(key, members);
  }

  async remove(tenantId: string, topic: string, connectionId: string): Promise<void> {
    const key = subscriptionTopicKey(tenantId, topic);
    const members = this.topics.get(key);
    members?.delete(connectionId);
    if (members?.size === 0) this.topics.delete(key);
    this.connections?.listTopic(connectionId, topic, false);
  }

  async removeTopics(tenantId: string, connectionId: string, topics: readonly string[]): Promise<number> {
    for (const topic of topics) await this.remove(tenantId, topic, connectionId);
    return topics.length;
  }

  byTopic(tenantId: string, topic: string, options?: { pageSize?: number }): AsyncIterable<SubscriptionRecord> {
    const members = this.topics.get(subscriptionTopicKey(tenantId, topic));
    return pagedFrom([...(members?.values() ?? [])], options);
  }

  subscriberIds(tenantId: string, topic: string, options?: { pageSize?: number }): AsyncIterable<readonly string[]> {
    const members = this.topics.get(subscriptionTopicKey(tenantId, topic));
    return pagesFrom([...(members?.keys() ?? [])], options);
  }

  async removeAllForConnection(connectionId: string): Promise<number> {
    let removed = 0;
    for (const [key, members] of this.topics) {
      if (members.delete(connectionId)) removed += 1;
      if (members.size === 0) this.topics.delete(key);
    }
    return removed;
  }
}
