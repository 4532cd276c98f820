// SubscriptionStore on DynamoDB: hash key `${tenantId}#${topic}` (tenant-scoped), range key
// connectionId. Each connection's item in the connections table lists its topics (`topics`, a string
// set): `add` lists the topic before it stores the subscription and `remove` unlists it after deleting
// it, so the list always covers the stored subscriptions and `$disconnect` deletes them without a
// Query. GSI ConnectionIdIndex (KEYS_ONLY) finds the subscriptions of a connection whose item is gone.
import { BatchWriteCommand, DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sleep } from '@streamer/kernel';
import { ConditionConflictError, StoreThrottledError } from '../errors';
import type { SubscriptionRecord, SubscriptionStore } from '../model';
import { DEFAULT_PAGE_SIZE, newSubscriptionRecord, type NewSubscription } from '../records';
import { subscriptionTopicKey } from '../tables';
import { idOf, queryItems, queryPages, toSubscription } from './items';
import { run, type TableContext } from './table';

/** Keys deleted per BatchWriteItem (DynamoDB's maximum). */
const BATCH = 25;

export class DynamoSubscriptionStore implements SubscriptionStore {
  constructor(
    private readonly ctx: TableContext,
    /** The connections table, whose items list their topics. */
    private readonly connections: TableContext,
  ) {}

  async add(subscription: NewSubscription): Promise<void> {
    const record = newSubscriptionRecord(subscription, subscription.now ?? this.ctx.clock());
    await this.listTopic('ADD', record.connectionId, record.topic);
    const item = { ...record, topic: subscriptionTopicKey(record.tenantId, record.topic), topicName: record.topic };
    const input = { TableName: this.ctx.table, Item: item };
    await run(this.ctx, 'subscriptions.add', () => this.ctx.doc.send(new PutCommand(input)), { connectionId: record.connectionId });
  }

  async remove(tenantId: string, topic: string, connectionId: string): Promise<void> {
    const input = { TableName: this.ctx.table, Key: { topic: subscriptionTopicKey(tenantId, topic), connectionId } };
    await run(this.ctx, 'subscriptions.remove', () => this.ctx.doc.send(new DeleteCommand(input)), { connectionId });
    await this.listTopic('DELETE', connectionId, topic);
  }

  /** One BatchWriteItem per 25 topics. */
  async removeTopics(tenantId: string, connectionId: string, topics: readonly string[]): Promise<number> {
    let removed = 0;
    for (let i = 0; i < topics.length; i += BATCH) {
      const keys = topics.slice(i, i + BATCH).map((topic) => ({ topic: subscriptionTopicKey(tenantId, topic), connectionId }));
      removed += await deleteKeys(this.ctx, keys);
    }
    return removed;
  }

  /** Adds the topic to (or deletes it from) the connection item's set; a connection without an item is left alone. */
  private async listTopic(action: 'ADD' | 'DELETE', connectionId: string, topic: string): Promise<void> {
    const input = {
      TableName: this.connections.table,
      Key: { connectionId },
      UpdateExpression: `${action} topics :topic`,
      ConditionExpression: 'attribute_exists(connectionId)',
      ExpressionAttributeValues: { ':topic': new Set([topic]) },
    };
    try {
      await run(this.connections, `subscriptions.${action === 'ADD' ? 'add' : 'remove'}`, () => this.connections.doc.send(new UpdateCommand(input)), { connectionId });
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
    }
  }

  byTopic(tenantId: string, topic: string, options: { pageSize?: number } = {}): AsyncIterable<SubscriptionRecord> {
    const input = {
      KeyConditionExpression: 'topic = :topic',
      ExpressionAttributeValues: { ':topic': subscriptionTopicKey(tenantId, topic) },
    };
    return queryItems(this.ctx, 'subscriptions.byTopic', input, toSubscription, options.pageSize ?? DEFAULT_PAGE_SIZE);
  }

  subscriberIds(tenantId: string, topic: string, options: { pageSize?: number } = {}): AsyncIterable<readonly string[]> {
    const input = {
      KeyConditionExpression: 'topic = :topic',
      ExpressionAttributeValues: { ':topic': subscriptionTopicKey(tenantId, topic) },
      ProjectionExpression: 'connectionId',
    };
    return queryPages(this.ctx, 'subscriptions.subscriberIds', input, idOf, options.pageSize);
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

/** BatchWriteItem rounds for unprocessed keys at most. */
const MAX_ROUNDS = 6;

/** Deletes up to 25 keys, retrying unprocessed ones with a short backoff; returns how many were sent. */
async function deleteKeys(ctx: TableContext, keys: Record<string, unknown>[]): Promise<number> {
  let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    if (round > 0) await sleep(25 * 2 ** round);
    const input = { RequestItems: { [ctx.table]: pending } };
    const { UnprocessedItems } = await run(ctx, 'subscriptions.removeAllForConnection', () => ctx.doc.send(new BatchWriteCommand(input)));
    pending = (UnprocessedItems?.[ctx.table] ?? []) as typeof pending;
  }
  if (pending.length > 0) {
    throw new StoreThrottledError(`${pending.length} subscription deletes left unprocessed`, { context: { table: ctx.table } });
  }
  return keys.length;
}
