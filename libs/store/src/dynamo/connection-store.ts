// ConnectionStore on DynamoDB: one item per connection, GSIs UserIdIndex / TenantIdIndex (status as
// sort key, so listing CONNECTED is a key condition), token-bucket state on the item.
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { disconnectedTtl } from '../lifecycle';
import { ConditionConflictError, ItemNotFoundError } from '../errors';
import { LRUCache } from 'lru-cache';
import type {
  Admission,
  ConnectionRecord,
  ConnectionStatus,
  ConnectionStore,
  Disconnection,
  MarkDisconnectedOptions,
  Page,
  TokenBucket,
  TokenDecision,
} from '../model';
import type { PageKey, PageTokenCodec } from '../page-token';
import { activeSince, ALLOWED, assertBucket, assertPageLimit, DEFAULT_PAGE_SIZE, MAX_PAGE_LIMIT, microseconds, refusal, scheduleOf } from '../records';
import { compact, ExpressionBuilder, queryItems, scanItems, toConnection, type Update } from './items';
import { run, type TableContext } from './table';

const CONNECTED = { ':connected': 'CONNECTED' };
const exists = (b: ExpressionBuilder) => `attribute_exists(${b.name('connectionId')})`;

export class DynamoConnectionStore implements ConnectionStore {
  /** The last bucket TAT this store saw per connection: which of the two bucket writes to try first. */
  private readonly lastTats = new LRUCache<string, number>({ max: 10_000 });

  constructor(
    private readonly ctx: TableContext,
    private readonly pageTokens: PageTokenCodec,
  ) {}

  async put(connection: ConnectionRecord): Promise<void> {
    const input = { TableName: this.ctx.table, Item: compact(connection) };
    await run(this.ctx, 'connections.put', () => this.ctx.doc.send(new PutCommand(input)), { connectionId: connection.connectionId });
  }

  get(connectionId: string): Promise<ConnectionRecord | undefined> {
    return getConnection(this.ctx, connectionId);
  }

  async touch(connectionId: string, at: number = this.ctx.clock()): Promise<void> {
    try {
      await this.update('connections.touch', connectionId, { set: { lastActiveAt: at } }, exists);
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
    }
  }

  /** One UpdateItem: SET the mark and REMOVE the topic list, read back (ALL_OLD) to hand the topics over. */
  async markDisconnected(connectionId: string, options: MarkDisconnectedOptions = {}): Promise<Disconnection | undefined> {
    const at = options.at ?? this.ctx.clock();
    const ttl = options.ttl ?? disconnectedTtl(at);
    const mark = { status: 'DISCONNECTED' as const, disconnectedAt: at, ttl };
    const { ifInactiveSince } = options;
    const b = new ExpressionBuilder();
    const connected = `${b.name('status')} = ${b.value('CONNECTED')}`;
    const input = {
      TableName: this.ctx.table,
      Key: { connectionId },
      UpdateExpression: b.update({ set: mark, remove: ['topics'] }),
      ConditionExpression: ifInactiveSince === undefined ? connected : `${connected} AND ${b.name('lastActiveAt')} < ${b.value(ifInactiveSince)}`,
      ...b.attributes(),
      ReturnValues: 'ALL_OLD' as const,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    try {
      const { Attributes = {} } = await run(this.ctx, 'connections.markDisconnected', () => this.ctx.doc.send(new UpdateCommand(input)), { connectionId });
      return { connection: { ...toConnection(Attributes), ...mark }, topics: topicsOf(Attributes) };
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
      const current = itemOnConflict(err);
      if (current === undefined) return undefined;
      const connection = toConnection(current);
      return activeSince(connection, ifInactiveSince) ? undefined : { connection, topics: [] };
    }
  }

  async updateStatus(connectionId: string, status: ConnectionStatus): Promise<ConnectionRecord> {
    try {
      return await this.update('connections.updateStatus', connectionId, { set: { status } }, exists);
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
      throw new ItemNotFoundError(`Connection ${connectionId} not found`, { cause: err, context: { connectionId } });
    }
  }

  async delete(connectionId: string): Promise<void> {
    const input = { TableName: this.ctx.table, Key: { connectionId } };
    await run(this.ctx, 'connections.delete', () => this.ctx.doc.send(new DeleteCommand(input)), { connectionId });
  }

  /** With `tenantId`, a filter on the index query keeps the user's connections of that tenant only. */
  byUser(userId: string, options: { pageSize?: number; tenantId?: string } = {}): AsyncIterable<ConnectionRecord> {
    return this.connectedOn('UserIdIndex', 'userId', userId, options.pageSize, options.tenantId);
  }

  byTenant(tenantId: string, options: { pageSize?: number } = {}): AsyncIterable<ConnectionRecord> {
    return this.connectedOn('TenantIdIndex', 'tenantId', tenantId, options.pageSize);
  }

  page(options: { limit: number; nextToken?: string }): Promise<Page<ConnectionRecord>> {
    return scanConnectedPage(this.ctx, this.pageTokens, options);
  }

  staleSince(time: number, options: { pageSize?: number } = {}): AsyncIterable<ConnectionRecord> {
    const input = {
      FilterExpression: '#status = :connected AND lastActiveAt < :time',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ...CONNECTED, ':time': time },
    };
    return scanItems(this.ctx, 'connections.staleSince', input, toConnection, options.pageSize ?? DEFAULT_PAGE_SIZE);
  }

  admit(connectionId: string, bucket: TokenBucket, now: number = this.ctx.clock()): Promise<Admission> {
    return admitOnItem(this.ctx, this.lastTats, connectionId, bucket, now);
  }

  private connectedOn(
    indexName: string,
    attribute: string,
    value: string,
    pageSize = DEFAULT_PAGE_SIZE,
    tenantId?: string,
  ): AsyncIterable<ConnectionRecord> {
    const base = {
      IndexName: indexName,
      KeyConditionExpression: `#key = :value AND #status = :connected`,
      ExpressionAttributeNames: { '#key': attribute, '#status': 'status' },
      ExpressionAttributeValues: { ':value': value, ...CONNECTED },
    };
    const input =
      tenantId === undefined
        ? base
        : {
            ...base,
            FilterExpression: '#tenant = :tenant',
            ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#tenant': 'tenantId' },
            ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':tenant': tenantId },
          };
    return queryItems(this.ctx, `connections.${indexName}`, input, toConnection, pageSize);
  }

  private async update(operation: string, connectionId: string, update: Update, condition: (b: ExpressionBuilder) => string): Promise<ConnectionRecord> {
    const b = new ExpressionBuilder();
    const input = {
      TableName: this.ctx.table,
      Key: { connectionId },
      UpdateExpression: b.update(update),
      ConditionExpression: condition(b),
      ...b.attributes(),
      ReturnValues: 'ALL_NEW' as const,
    };
    const { Attributes } = await run(this.ctx, operation, () => this.ctx.doc.send(new UpdateCommand(input)), { connectionId });
    return toConnection(Attributes ?? {});
  }
}

// Admin listing of CONNECTED connections with an opaque, validated continuation token.
// Each Scan call reads at most the number of items still missing, so the page never exceeds `limit`
// and the LastEvaluatedKey is an exact resume point. A page may hold fewer items than `limit` (many
// DISCONNECTED items in a row): keep going while `nextToken` is present.

/** Scan calls per page at most, so one admin call stays bounded on a table full of DISCONNECTED items. */
const MAX_SCANS_PER_PAGE = 10;

async function scanConnectedPage(
  ctx: TableContext,
  tokens: PageTokenCodec,
  options: { limit: number; nextToken?: string },
): Promise<Page<ConnectionRecord>> {
  assertPageLimit(options.limit, MAX_PAGE_LIMIT);
  let start: PageKey | undefined = options.nextToken === undefined ? undefined : tokens.decode(options.nextToken);
  const items: ConnectionRecord[] = [];
  for (let scans = 0; scans < MAX_SCANS_PER_PAGE && items.length < options.limit; scans++) {
    const result = await scanOnce(ctx, options.limit - items.length, start);
    items.push(...(result.Items ?? []).map(toConnection));
    start = result.LastEvaluatedKey as PageKey | undefined;
    if (start === undefined) break;
  }
  return start === undefined ? { items } : { items, nextToken: tokens.encode(start) };
}

function scanOnce(ctx: TableContext, limit: number, start: PageKey | undefined) {
  const input = {
    TableName: ctx.table,
    Limit: limit,
    ExclusiveStartKey: start,
    FilterExpression: '#status = :connected',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':connected': 'CONNECTED' },
  };
  return run(ctx, 'connections.page', () => ctx.doc.send(new ScanCommand(input)));
}

// Per-connection token bucket on the connection item, as its GCRA theoretical arrival time
// (`bucketTatUs`, see records.ts), taken together with the proof that the connection is CONNECTED.
// A take is one of two conditional writes, each conditioned on `status = CONNECTED`, never a
// read-modify-write, so concurrent takes do not contend:
//   idle: a bucket with no TAT, or a TAT not after now, starts at now + one interval;
//   busy: a TAT within the tolerance moves one interval on (an atomic addition).
// The store remembers the TAT each take returned (ALL_NEW) and tries the write that TAT predicts first,
// so a take is one round trip unless another execution environment moved the bucket meanwhile. A failed
// condition reads the item back with the failure (ReturnValuesOnConditionCheckFailure: ALL_OLD): no
// item is an unknown connection, another status ends the take, a TAT past the tolerance is a refusal
// with its retry hint, anything else tries the other write. `put` replaces the item, which resets the
// bucket; a take racing it simply goes round once more.

/** Rounds of the two conditional writes before a take gives up (each lost only to a racing `put`). */
const MAX_TAKE_ROUNDS = 3;

const NOT_CONNECTED: Readonly<TokenDecision> = Object.freeze({ allowed: false, retryAfterMs: 0 });

interface BucketWrite {
  update: string;
  condition: string;
  values: Record<string, number | string>;
}

type WriteOutcome = { applied: true; item: Record<string, unknown> } | { applied: false; item: Record<string, unknown> | undefined };

async function admitOnItem(ctx: TableContext, lastTats: LRUCache<string, number>, connectionId: string, bucket: TokenBucket, now: number): Promise<Admission> {
  assertBucket(bucket);
  const { intervalUs, toleranceUs } = scheduleOf(bucket);
  const nowUs = microseconds(now);
  const idle: BucketWrite = {
    update: 'SET bucketTatUs = :next',
    condition: '#status = :connected AND (attribute_not_exists(bucketTatUs) OR bucketTatUs <= :now)',
    values: { ':next': nowUs + intervalUs, ':now': nowUs, ':connected': 'CONNECTED' },
  };
  const busy: BucketWrite = {
    update: 'SET bucketTatUs = bucketTatUs + :interval',
    condition: '#status = :connected AND bucketTatUs > :now AND bucketTatUs <= :limit',
    values: { ':interval': intervalUs, ':now': nowUs, ':limit': nowUs + toleranceUs, ':connected': 'CONNECTED' },
  };
  const last = lastTats.get(connectionId);
  const order = last !== undefined && last > nowUs ? [busy, idle] : [idle, busy];
  for (let round = 0; round < MAX_TAKE_ROUNDS; round += 1) {
    for (const write of order) {
      const outcome = await writeBucket(ctx, connectionId, write);
      const tatUs = outcome.item?.['bucketTatUs'];
      if (typeof tatUs === 'number') lastTats.set(connectionId, tatUs);
      if (outcome.item === undefined) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
      const connection = toConnection(outcome.item);
      if (outcome.applied) return { connection, decision: ALLOWED };
      if (connection.status !== 'CONNECTED') return { connection, decision: NOT_CONNECTED };
      if (typeof tatUs === 'number' && tatUs - nowUs > toleranceUs) return { connection, decision: refusal(tatUs, nowUs, toleranceUs) };
    }
    // The item was replaced (put) between the two writes: its bucket is fresh, take again.
  }
  ctx.logger.debug('token bucket replaced during every take, refusing', { connectionId });
  const connection = await getConnection(ctx, connectionId);
  if (connection === undefined) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
  return { connection, decision: refusal(nowUs + toleranceUs + intervalUs, nowUs, toleranceUs) };
}

async function writeBucket(ctx: TableContext, connectionId: string, write: BucketWrite): Promise<WriteOutcome> {
  const input = {
    TableName: ctx.table,
    Key: { connectionId },
    UpdateExpression: write.update,
    ConditionExpression: write.condition,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: write.values,
    ReturnValues: 'ALL_NEW' as const,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  try {
    const { Attributes = {} } = await run(ctx, 'connections.admit', () => ctx.doc.send(new UpdateCommand(input)), { connectionId });
    return { applied: true, item: Attributes };
  } catch (err) {
    if (!(err instanceof ConditionConflictError)) throw err;
    return { applied: false, item: itemOnConflict(err) };
  }
}

/** The item a failed condition returned (ReturnValuesOnConditionCheckFailure: ALL_OLD); undefined when there was none. */
function itemOnConflict(err: ConditionConflictError): Record<string, unknown> | undefined {
  const raw = (err.cause as { Item?: Parameters<typeof unmarshall>[0] } | undefined)?.Item;
  return raw ? unmarshall(raw) : undefined;
}

/** The topic names a connection item lists (a string set; absent when it never subscribed). */
function topicsOf(item: Record<string, unknown>): string[] {
  const topics = item['topics'];
  return topics instanceof Set ? [...(topics as Set<string>)] : [];
}

async function getConnection(ctx: TableContext, connectionId: string): Promise<ConnectionRecord | undefined> {
  const input = { TableName: ctx.table, Key: { connectionId }, ConsistentRead: true };
  const { Item } = await run(ctx, 'connections.get', () => ctx.doc.send(new GetCommand(input)), { connectionId });
  return Item && toConnection(Item);
}
