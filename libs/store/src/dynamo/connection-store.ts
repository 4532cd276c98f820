// ConnectionStore on DynamoDB: one item per connection, GSIs UserIdIndex / TenantIdIndex (status as
// sort key, so listing CONNECTED is a key condition), token-bucket state on the item.
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { disconnectedTtl } from '../lifecycle';
import { ConditionConflictError, ItemNotFoundError } from '../errors';
import type {
  ConnectionRecord,
  ConnectionStatus,
  ConnectionStore,
  MarkDisconnectedOptions,
  Page,
  TokenBucket,
  TokenDecision,
} from '../model';
import type { PageKey, PageTokenCodec } from '../page-token';
import { activeSince, ALLOWED, assertBucket, assertPageLimit, DEFAULT_PAGE_SIZE, MAX_PAGE_LIMIT, microseconds, refusal, scheduleOf } from '../records';
import { compact, ExpressionBuilder, idOf, queryItems, queryPages, scanItems, toConnection, type Update } from './items';
import { run, type TableContext } from './table';

const CONNECTED = { ':connected': 'CONNECTED' };
const exists = (b: ExpressionBuilder) => `attribute_exists(${b.name('connectionId')})`;

export class DynamoConnectionStore implements ConnectionStore {
  constructor(
    private readonly ctx: TableContext,
    private readonly pageTokens: PageTokenCodec,
  ) {}

  async put(connection: ConnectionRecord): Promise<void> {
    const input = { TableName: this.ctx.table, Item: compact(connection) };
    await run(this.ctx, 'connections.put', () => this.ctx.doc.send(new PutCommand(input)), { connectionId: connection.connectionId });
  }

  async get(connectionId: string): Promise<ConnectionRecord | undefined> {
    const input = { TableName: this.ctx.table, Key: { connectionId }, ConsistentRead: true };
    const { Item } = await run(this.ctx, 'connections.get', () => this.ctx.doc.send(new GetCommand(input)), { connectionId });
    return Item && toConnection(Item);
  }

  async touch(connectionId: string, at: number = this.ctx.clock()): Promise<void> {
    try {
      await this.update('connections.touch', connectionId, { set: { lastActiveAt: at } }, exists);
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
    }
  }

  async markDisconnected(connectionId: string, options: MarkDisconnectedOptions = {}): Promise<ConnectionRecord | undefined> {
    const at = options.at ?? this.ctx.clock();
    const ttl = options.ttl ?? disconnectedTtl(at);
    const update = { set: { status: 'DISCONNECTED', disconnectedAt: at, ttl } };
    const { ifInactiveSince } = options;
    const condition = (b: ExpressionBuilder) => {
      const connected = `${b.name('status')} = ${b.value('CONNECTED')}`;
      return ifInactiveSince === undefined ? connected : `${connected} AND ${b.name('lastActiveAt')} < ${b.value(ifInactiveSince)}`;
    };
    try {
      return await this.update('connections.markDisconnected', connectionId, update, condition);
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
      const current = await this.get(connectionId);
      return current && !activeSince(current, ifInactiveSince) ? current : undefined;
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

  connectedIds(scope: { tenantId: string; userId?: string }, options: { pageSize?: number } = {}): AsyncIterable<readonly string[]> {
    const input =
      scope.userId === undefined
        ? connectedQuery('TenantIdIndex', 'tenantId', scope.tenantId)
        : connectedQuery('UserIdIndex', 'userId', scope.userId, scope.tenantId);
    const ids = { ...input, ProjectionExpression: '#id', ExpressionAttributeNames: { ...input.ExpressionAttributeNames, '#id': 'connectionId' } };
    return queryPages(this.ctx, `connections.${input.IndexName}.ids`, ids, idOf, options.pageSize);
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

  takeToken(connectionId: string, bucket: TokenBucket, now: number = this.ctx.clock()): Promise<TokenDecision> {
    return takeTokenOnItem(this.ctx, connectionId, bucket, now);
  }

  private connectedOn(
    indexName: string,
    attribute: string,
    value: string,
    pageSize = DEFAULT_PAGE_SIZE,
    tenantId?: string,
  ): AsyncIterable<ConnectionRecord> {
    return queryItems(this.ctx, `connections.${indexName}`, connectedQuery(indexName, attribute, value, tenantId), toConnection, pageSize);
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

/** The Query for CONNECTED connections on one of the GSIs; with `tenantId`, filtered to that tenant (users). */
function connectedQuery(indexName: string, attribute: string, value: string, tenantId?: string) {
  const base = {
    IndexName: indexName,
    KeyConditionExpression: `#key = :value AND #status = :connected`,
    ExpressionAttributeNames: { '#key': attribute, '#status': 'status' } as Record<string, string>,
    ExpressionAttributeValues: { ':value': value, ...CONNECTED } as Record<string, unknown>,
  };
  if (tenantId === undefined) return base;
  return {
    ...base,
    FilterExpression: '#tenant = :tenant',
    ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#tenant': 'tenantId' },
    ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':tenant': tenantId },
  };
}

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
// (`bucketTatUs`, see records.ts). A take is at most two conditional writes and never a
// read-modify-write, so concurrent takes do not contend:
//   1. an idle bucket (no TAT, or a TAT not after now) starts at now + one interval;
//   2. otherwise, a TAT within the tolerance moves one interval on (an atomic addition).
// The TAT only moves forward, so when both conditions fail the bucket is over its burst — the
// item read back with the failed condition gives the retry hint. `put` replaces the item, which
// resets the bucket; a take racing it simply goes round once more.

/** Rounds of the two conditional writes before a take gives up (each lost only to a racing `put`). */
const MAX_TAKE_ROUNDS = 3;

type BucketWrite = { applied: true } | { applied: false; item: Record<string, unknown> | undefined };

async function takeTokenOnItem(ctx: TableContext, connectionId: string, bucket: TokenBucket, now: number): Promise<TokenDecision> {
  assertBucket(bucket);
  const { intervalUs, toleranceUs } = scheduleOf(bucket);
  const nowUs = microseconds(now);
  for (let round = 0; round < MAX_TAKE_ROUNDS; round += 1) {
    const idle = await writeBucket(ctx, connectionId, 'SET bucketTatUs = :next', 'attribute_exists(connectionId) AND (attribute_not_exists(bucketTatUs) OR bucketTatUs <= :now)', {
      ':next': nowUs + intervalUs,
      ':now': nowUs,
    });
    if (idle.applied) return ALLOWED;
    if (!idle.item) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
    const busy = await writeBucket(ctx, connectionId, 'SET bucketTatUs = bucketTatUs + :interval', 'bucketTatUs > :now AND bucketTatUs <= :limit', {
      ':interval': intervalUs,
      ':now': nowUs,
      ':limit': nowUs + toleranceUs,
    });
    if (busy.applied) return ALLOWED;
    const tatUs = busy.item?.['bucketTatUs'];
    if (!busy.item) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
    if (typeof tatUs === 'number') return refusal(tatUs, nowUs, toleranceUs);
    // The item was replaced (put) between the two writes: its bucket is fresh, take again.
  }
  ctx.logger.debug('token bucket replaced during every take, refusing', { connectionId });
  return refusal(nowUs + toleranceUs + intervalUs, nowUs, toleranceUs);
}

async function writeBucket(ctx: TableContext, connectionId: string, update: string, condition: string, values: Record<string, number>): Promise<BucketWrite> {
  const input = {
    TableName: ctx.table,
    Key: { connectionId },
    UpdateExpression: update,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  try {
    await run(ctx, 'connections.takeToken', () => ctx.doc.send(new UpdateCommand(input)), { connectionId });
    return { applied: true };
  } catch (err) {
    if (!(err instanceof ConditionConflictError)) throw err;
    const raw = (err.cause as { Item?: Parameters<typeof unmarshall>[0] } | undefined)?.Item;
    return { applied: false, item: raw ? unmarshall(raw) : undefined };
  }
}
