// TopicEventStore on DynamoDB: partition `topic` = `${tenantId}#${topic}`, sort `seq`. The item at seq 0
// is the topic's head (`latest`: the last seq given out); every event is its own item with `data` (a
// JSON string), `publishedAt` and a `ttl`.
//
// Append is one TransactWriteItems of two writes that succeed or fail together
// (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html): the
// head moves from `prev` to `prev + 1` only if it still holds `prev`, and the event at `prev + 1` is
// put only if absent. A concurrent publisher that took `prev + 1` first cancels the transaction; the
// head is learned again (from the cancellation's ALL_OLD image, else a consistent GetItem) and the
// append retried (see withSeqRetry), so seqs are gap-free and strictly increasing per topic.
// Appends to one topic from this process queue behind each other (they would only race for the same
// seq) and start from the head this process last wrote, so a lone publisher needs one round trip per
// event; another process's appends show up as one lost condition, which returns the current head.
// The cost: every publish to one topic serialises on that topic's head item — one transaction of two
// writes (4 WCU for items ≤ 1 KB) per event, one round trip after the other, so one topic takes about
// one event per transaction round trip (docs/push.md has figures); publishers in several processes add
// lost attempts whenever they interleave. Different topics never contend.
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { LRUCache } from 'lru-cache';
import type { AppendTopicEvent, ReadTopicEvents, TopicEvent, TopicEventPage, TopicEventStore } from '../model';
import { subscriptionTopicKey } from '../tables';
import {
  assertAppend,
  eventTtl,
  isTruncated,
  readLimit,
  retained,
  type RetryOptions,
  SeqTaken,
  withSeqRetry,
} from '../topic-events';
import { cancelledByCondition, errorName, run, storeError, type TableContext } from './table';

type Item = Record<string, unknown>;

/** The sort key of the topic's head item. */
const HEAD_SEQ = 0;
/** Topics whose last written head this process remembers. */
const KNOWN_HEADS = 10_000;

export class DynamoTopicEventStore implements TopicEventStore {
  /** topic key → the head this process last wrote or read (a guess: a lost condition corrects it). */
  private readonly heads = new LRUCache<string, number>({ max: KNOWN_HEADS });
  /** topic key → the tail of this process's queue of appends to it. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ctx: TableContext,
    private readonly retry: RetryOptions = {},
  ) {}

  async append(event: AppendTopicEvent): Promise<{ seq: number; publishedAt: number }> {
    assertAppend(event);
    const key = subscriptionTopicKey(event.tenantId, event.topic);
    const body = JSON.stringify(event.data);
    return this.inTurn(key, () => this.appendNow(key, event, body));
  }

  /** Runs `task` after the appends to `key` queued before it (whether they succeeded or not). */
  private inTurn<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const current = previous.then(task, task);
    const tail = current.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return current;
  }

  private async appendNow(key: string, event: AppendTopicEvent, body: string): Promise<{ seq: number; publishedAt: number }> {
    const publishedAt = event.now ?? this.ctx.clock();
    let prev = this.heads.get(key) ?? (await this.head(key));
    return withSeqRetry({ tenantId: event.tenantId, topic: event.topic }, async () => {
      const seq = prev + 1;
      try {
        await this.ctx.doc.send(new TransactWriteCommand(this.appendInput(key, prev, { event, seq, publishedAt, body })));
        this.heads.set(key, seq);
        return { seq, publishedAt };
      } catch (err) {
        this.heads.delete(key);
        if (!lostTheSeq(err)) throw storeError(this.ctx, 'events.append', err, { topic: event.topic });
        const learned = headFromCancellation(err);
        prev = learned ?? (await this.head(key));
        throw new SeqTaken(`seq ${seq} taken`, learned !== undefined, { cause: err });
      }
    }, this.retry);
  }

  async read(query: ReadTopicEvents): Promise<TopicEventPage> {
    const limit = readLimit(query);
    const now = query.now ?? this.ctx.clock();
    const key = subscriptionTopicKey(query.tenantId, query.topic);
    const [head, events] = await Promise.all([this.head(key), this.eventsAfter(key, query.after, limit, now)]);
    // An event appended between the two reads may be newer than the head read: the head is at least it.
    const latest = Math.max(head, events.at(-1)?.seq ?? 0);
    return { events, head: latest, truncated: isTruncated(query.after, latest, events[0]?.seq) };
  }

  private async head(key: string): Promise<number> {
    const input = { TableName: this.ctx.table, Key: { topic: key, seq: HEAD_SEQ }, ConsistentRead: true };
    const { Item } = await run(this.ctx, 'events.head', () => this.ctx.doc.send(new GetCommand(input)));
    return latestOf(Item);
  }

  private appendInput(key: string, prev: number, e: { event: AppendTopicEvent; seq: number; publishedAt: number; body: string }) {
    const { event, seq, publishedAt, body } = e;
    const item = {
      topic: key,
      seq,
      tenantId: event.tenantId,
      topicName: event.topic,
      data: body,
      publishedAt,
      ttl: eventTtl(publishedAt, event.retentionSeconds),
    };
    return {
      TransactItems: [
        {
          Update: {
            TableName: this.ctx.table,
            Key: { topic: key, seq: HEAD_SEQ },
            UpdateExpression: 'SET latest = :seq',
            ConditionExpression: prev === 0 ? 'attribute_not_exists(latest)' : 'latest = :prev',
            ExpressionAttributeValues: prev === 0 ? { ':seq': seq } : { ':seq': seq, ':prev': prev },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
          },
        },
        { Put: { TableName: this.ctx.table, Item: item, ConditionExpression: 'attribute_not_exists(seq)' } },
      ],
    };
  }

  /**
   * Retained events after `after`, ascending, at most `limit`. The Query pages through DynamoDB's 1 MB
   * pages; expired items not yet deleted are filtered out: TTL deletion is lazy, and an item past its
   * `ttl` still shows in reads until the background process deletes it
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ttl-expired-items.html).
   */
  private async eventsAfter(key: string, after: number, limit: number, now: number): Promise<TopicEvent[]> {
    const events: TopicEvent[] = [];
    let start: Item | undefined;
    do {
      const input = {
        TableName: this.ctx.table,
        KeyConditionExpression: 'topic = :topic AND seq > :after',
        FilterExpression: '#ttl > :now',
        ExpressionAttributeNames: { '#ttl': 'ttl' },
        ExpressionAttributeValues: { ':topic': key, ':after': after, ':now': Math.floor(now / 1000) },
        ConsistentRead: true,
        Limit: limit - events.length,
        ExclusiveStartKey: start,
      };
      const page = await run(this.ctx, 'events.read', () => this.ctx.doc.send(new QueryCommand(input)));
      for (const item of page.Items ?? []) {
        if (retained(Number(item['ttl']), now)) events.push(toEvent(item));
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined && events.length < limit);
    return events;
  }
}

function toEvent(item: Item): TopicEvent {
  return { seq: Number(item['seq']), publishedAt: Number(item['publishedAt']), data: JSON.parse(String(item['data'])) as unknown };
}

function latestOf(item: Item | undefined): number {
  const latest = item?.['latest'];
  return typeof latest === 'number' ? latest : 0;
}

/** The transaction was cancelled because another publisher moved the head (or is moving it right now). */
function lostTheSeq(err: unknown): boolean {
  if (cancelledByCondition(err) || errorName(err) === 'TransactionConflictException') return true;
  if (errorName(err) !== 'TransactionCanceledException') return false;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((r) => r.Code === 'TransactionConflict');
}

/** The head's `latest` as the cancelled transaction saw it (ALL_OLD on the head's update), if given. */
function headFromCancellation(err: unknown): number | undefined {
  const reasons = (err as { CancellationReasons?: { Code?: string; Item?: Item }[] }).CancellationReasons ?? [];
  const head = reasons[0];
  if (head?.Code !== 'ConditionalCheckFailed' || head.Item === undefined) return undefined;
  const latest = head.Item['latest'];
  // The document client unmarshalls `Item` of a cancellation only sometimes: accept both shapes.
  if (typeof latest === 'number') return latest;
  const raw = (latest as { N?: string } | undefined)?.N;
  return raw === undefined ? undefined : Number(raw);
}
