// ConnectionStore on DynamoDB: one item per connection, GSIs UserIdIndex / TenantIdIndex (status as
// sort key, so listing CONNECTED is a key condition), token-bucket state on the item.
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PAGE_SIZE } from '../defaults';
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
import { activeSince } from '../records';
import { type PageTokenCodec } from '../page-token';
import { compact, toConnection } from './items';
import { takeTokenOnItem } from './connection-token-bucket';
import { scanConnectedPage } from './connection-page';
import { queryItems, scanItems } from './paging';
import { run, type TableContext } from './table-context';
import { ExpressionBuilder, type Update } from './update-expression';

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

  byUser(userId: string, options: { pageSize?: number } = {}): AsyncIterable<ConnectionRecord> {
    return this.connectedOn('UserIdIndex', 'userId', userId, options.pageSize);
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

  takeToken(connectionId: string, bucket: TokenBucket, now: number = this.ctx.clock()): Promise<TokenDecision> {
    return takeTokenOnItem(this.ctx, connectionId, bucket, now);
  }

  private connectedOn(indexName: string, attribute: string, value: string, pageSize = DEFAULT_PAGE_SIZE): AsyncIterable<ConnectionRecord> {
    const input = {
      IndexName: indexName,
      KeyConditionExpression: `#key = :value AND #status = :connected`,
      ExpressionAttributeNames: { '#key': attribute, '#status': 'status' },
      ExpressionAttributeValues: { ':value': value, ...CONNECTED },
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
