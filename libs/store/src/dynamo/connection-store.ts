// ConnectionStore on DynamoDB: one item per connection, GSIs UserIdIndex / TenantIdIndex (status as
// sort key, so listing CONNECTED is a key condition), token-bucket state on the item.
import { DeleteCommand, GetCommand, PutCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { disconnectedTtl } from '../lifecycle';
import { ConditionConflictError, ItemNotFoundError } from '../errors';
import type {
  ActivityCursor,
  ActivityPage,
  Admission,
  ConnectionRecord,
  ConnectionStatus,
  ConnectionStore,
  Disconnection,
  MarkDisconnectedOptions,
  Page,
  TokenBucket,
} from '../model';
import type { PageKey, PageTokenCodec } from '../page-token';
import { activeSince, assertPageLimit, DEFAULT_PAGE_SIZE, MAX_PAGE_LIMIT } from '../records';
import { CONNECTED_SHARD_ATTRIBUTE, connectedShardOf } from '../tables';
import { activityPage, loadCleanupCursor, saveCleanupCursor } from './activity';
import { admitOnItem } from './admission';
import { compact, ExpressionBuilder, idOf, itemOnConflict, queryItems, queryPages, toConnection, type Update } from './items';
import { run, type TableContext } from './table';

const CONNECTED = { ':connected': 'CONNECTED' };
const exists = (b: ExpressionBuilder) => `attribute_exists(${b.name('connectionId')})`;

export class DynamoConnectionStore implements ConnectionStore {
  /** The last bucket TAT this store saw per connection: which of the two bucket writes to try first. */
  private readonly lastTats = new Map<string, number>();

  constructor(
    private readonly ctx: TableContext,
    private readonly pageTokens: PageTokenCodec,
  ) {}

  async put(connection: ConnectionRecord): Promise<void> {
    const input = { TableName: this.ctx.table, Item: connectionItem(connection) };
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
      UpdateExpression: b.update({ set: mark, remove: ['topics', CONNECTED_SHARD_ATTRIBUTE] }),
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
      // Already DISCONNECTED: a mark cleared its topics; an admin status change may have left some.
      return activeSince(connection, ifInactiveSince) ? undefined : { connection, topics: topicsOf(current) };
    }
  }

  async updateStatus(connectionId: string, status: ConnectionStatus): Promise<ConnectionRecord> {
    const update: Update =
      status === 'CONNECTED'
        ? { set: { status, [CONNECTED_SHARD_ATTRIBUTE]: connectedShardOf(connectionId) } }
        : { set: { status }, remove: [CONNECTED_SHARD_ATTRIBUTE] };
    try {
      return await this.update('connections.updateStatus', connectionId, update, exists);
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

  activityPage(options: { after?: ActivityCursor; limit: number }): Promise<ActivityPage> {
    return activityPage(this.ctx, options);
  }

  loadCleanupCursor(): Promise<ActivityCursor | undefined> {
    return loadCleanupCursor(this.ctx);
  }

  saveCleanupCursor(cursor: ActivityCursor | undefined): Promise<void> {
    return saveCleanupCursor(this.ctx, cursor);
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

/** The item of a connection: its record, and on a CONNECTED one the activity-index shard (the sparse index's key). */
export function connectionItem(connection: ConnectionRecord): Record<string, unknown> {
  const shard = connection.status === 'CONNECTED' ? { [CONNECTED_SHARD_ATTRIBUTE]: connectedShardOf(connection.connectionId) } : {};
  return compact({ ...connection, ...shard });
}

/** The topic names a connection item lists (a string set; absent when it never subscribed). */
function topicsOf(item: Record<string, unknown>): string[] {
  const topics = item['topics'];
  return topics instanceof Set ? [...(topics as Set<string>)] : [];
}
