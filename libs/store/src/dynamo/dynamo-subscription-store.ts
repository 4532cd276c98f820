// SubscriptionStore on DynamoDB: hash key `${tenantId}#${topic}` (tenant-scoped), range key
// connectionId; GSI ConnectionIdIndex (KEYS_ONLY) finds a connection's subscriptions on disconnect.
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PAGE_SIZE } from '../defaults';
import { subscriptionTopicKey } from '../keys';
import type { SubscriptionRecord, SubscriptionStore } from '../model';
import { newSubscriptionRecord, type NewSubscription } from '../records';
import { deleteKeys } from './batch-delete';
import { toSubscription } from './items';
import { queryItems } from './paging';
import { run, type TableContext } from './table-context';

/** Keys deleted per BatchWriteItem (DynamoDB's maximum). */
const BATCH = 25;

export class DynamoSubscriptionStore implements SubscriptionStore {
  constructor(private readonly ctx: TableContext) {}

  async add(subscription: NewSubscription): Promise<void> {
    const record = newSubscriptionRecord(subscription, subscription.now ?? this.ctx.clock());
    const item = { ...record, topic: subscriptionTopicKey(record.tenantId, record.topic), topicName: record.topic };
    const input = { TableName: this.ctx.table, Item: item };
    await run(this.ctx, 'subscriptions.add', () => this.ctx.doc.send(new PutCommand(input)), { connectionId: record.connectionId });
  }

  async remove(tenantId: string, topic: string, connectionId: string): Promise<void> {
    const input = { TableName: this.ctx.table, Key: { topic: subscriptionTopicKey(tenantId, topic), connectionId } };
    await run(this.ctx, 'subscriptions.remove', () => this.ctx.doc.send(new DeleteCommand(input)), { connectionId });
  }

  byTopic(tenantId: string, topic: string, options: { pageSize?: number } = {}): AsyncIterable<SubscriptionRecord> {
    const input = {
      KeyConditionExpression: 'topic = :topic',
      ExpressionAttributeValues: { ':topic': subscriptionTopicKey(tenantId, topic) },
    };
    return queryItems(this.ctx, 'subscriptions.byTopic', input, toSubscription, options.pageSize ?? DEFAULT_PAGE_SIZE);
  }

  /** Deletes page by page: one GSI page of keys, then batched deletes of that page. */
  async removeAllForConnection(connectionId: string): Promise<number> {
    const input = {
      IndexName: 'ConnectionIdIndex',
      KeyConditionExpression: 'connectionId = :connectionId',
      ExpressionAttributeValues: { ':connectionId': connectionId },
    };
    const keys = queryItems(this.ctx, 'subscriptions.removeAllForConnection', input, (item) => ({ topic: item['topic'], connectionId }), BATCH);
    let batch: Record<string, unknown>[] = [];
    let removed = 0;
    for await (const key of keys) {
      batch.push(key);
      if (batch.length === BATCH) {
        removed += await deleteKeys(this.ctx, batch);
        batch = [];
      }
    }
    return removed + (batch.length > 0 ? await deleteKeys(this.ctx, batch) : 0);
  }
}
