import { ItemNotFoundError } from '../errors';
import { disconnectedTtl } from '../lifecycle';
import type {
  Admission,
  ConnectionRecord,
  ConnectionStatus,
  ConnectionStore,
  Disconnection,
  MarkDisconnectedOptions,
  Page,
  TokenBucket,
} from '../model';
import { createPageTokenCodec } from '../page-token';
import { activeSince, assertBucket, assertPageLimit, MAX_PAGE_LIMIT, takeAt } from '../records';
import { type InMemoryStoreOptions, pagedFrom, pagesFrom } from './in-memory-options';

/** In-memory ConnectionStore with the same semantics and errors as the DynamoDB one. */
export class InMemoryConnectionStore implements ConnectionStore {
  private readonly items = new Map<string, ConnectionRecord>();
  /** Each connection's token-bucket TAT in epoch microseconds (see records.ts). */
  private readonly buckets = new Map<string, number>();
  /** The topics each connection's item lists (kept by InMemorySubscriptionStore, as on the DynamoDB item). */
  private readonly topics = new Map<string, Set<string>>();
  private readonly clock: () => number;
  private readonly tokens = createPageTokenCodec({ secret: 'in-memory', scope: 'connections', keyNames: ['connectionId'] });

  constructor(options: InMemoryStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  async put(connection: ConnectionRecord): Promise<void> {
    this.items.set(connection.connectionId, structuredClone(connection));
    this.buckets.delete(connection.connectionId);
    this.topics.delete(connection.connectionId);
  }

  async get(connectionId: string): Promise<ConnectionRecord | undefined> {
    const item = this.items.get(connectionId);
    return item && structuredClone(item);
  }

  async touch(connectionId: string, at: number = this.clock()): Promise<void> {
    const item = this.items.get(connectionId);
    if (item) item.lastActiveAt = at;
  }

  async markDisconnected(connectionId: string, options: MarkDisconnectedOptions = {}): Promise<Disconnection | undefined> {
    const item = this.items.get(connectionId);
    if (!item || activeSince(item, options.ifInactiveSince)) return undefined;
    const topics = [...(this.topics.get(connectionId) ?? [])];
    if (item.status === 'CONNECTED') {
      const at = options.at ?? this.clock();
      Object.assign(item, { status: 'DISCONNECTED', disconnectedAt: at, ttl: options.ttl ?? disconnectedTtl(at) });
      this.topics.delete(connectionId);
    }
    return { connection: structuredClone(item), topics };
  }

  async updateStatus(connectionId: string, status: ConnectionStatus): Promise<ConnectionRecord> {
    const item = this.items.get(connectionId);
    if (!item) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
    item.status = status;
    return structuredClone(item);
  }

  async delete(connectionId: string): Promise<void> {
    this.items.delete(connectionId);
    this.buckets.delete(connectionId);
    this.topics.delete(connectionId);
  }

  byUser(userId: string, options: { pageSize?: number; tenantId?: string } = {}): AsyncIterable<ConnectionRecord> {
    const { tenantId, ...paging } = options;
    const mine = (c: ConnectionRecord) => c.userId === userId && (tenantId === undefined || c.tenantId === tenantId);
    return pagedFrom(this.connected().filter(mine), paging);
  }

  byTenant(tenantId: string, options?: { pageSize?: number }): AsyncIterable<ConnectionRecord> {
    return pagedFrom(this.connected().filter((c) => c.tenantId === tenantId), options);
  }

  connectedIds(scope: { tenantId: string; userId?: string }, options?: { pageSize?: number }): AsyncIterable<readonly string[]> {
    const { tenantId, userId } = scope;
    const mine = (c: ConnectionRecord) => c.tenantId === tenantId && (userId === undefined || c.userId === userId);
    return pagesFrom(this.connected().filter(mine).map((c) => c.connectionId), options);
  }

  async page(options: { limit: number; nextToken?: string }): Promise<Page<ConnectionRecord>> {
    assertPageLimit(options.limit, MAX_PAGE_LIMIT);
    const after = options.nextToken === undefined ? undefined : this.tokens.decode(options.nextToken)['connectionId'];
    const rest = this.connected()
      .filter((c) => after === undefined || c.connectionId > after)
      .sort((a, b) => (a.connectionId < b.connectionId ? -1 : 1));
    const items = rest.slice(0, options.limit).map((c) => structuredClone(c));
    const last = items[items.length - 1];
    const more = rest.length > options.limit && last !== undefined;
    return more ? { items, nextToken: this.tokens.encode({ connectionId: last.connectionId }) } : { items };
  }

  staleSince(time: number, options?: { pageSize?: number }): AsyncIterable<ConnectionRecord> {
    return pagedFrom(this.connected().filter((c) => c.lastActiveAt < time), options);
  }

  async admit(connectionId: string, bucket: TokenBucket, now: number = this.clock()): Promise<Admission> {
    assertBucket(bucket);
    const item = this.items.get(connectionId);
    if (!item) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
    if (item.status !== 'CONNECTED') return { connection: structuredClone(item), decision: { allowed: false, retryAfterMs: 0 } };
    const outcome = takeAt(this.buckets.get(connectionId), bucket, now);
    if (outcome.nextTatUs !== undefined) this.buckets.set(connectionId, outcome.nextTatUs);
    return { connection: structuredClone(item), decision: outcome.decision };
  }

  /** The subscription store's write of a topic onto the connection's item: ignored when the item is gone. */
  listTopic(connectionId: string, topic: string, listed: boolean): void {
    if (!this.items.has(connectionId)) return;
    const topics = this.topics.get(connectionId) ?? new Set<string>();
    if (listed) topics.add(topic);
    else topics.delete(topic);
    if (topics.size > 0) this.topics.set(connectionId, topics);
    else this.topics.delete(connectionId);
  }

  private connected(): ConnectionRecord[] {
    return [...this.items.values()].filter((c) => c.status === 'CONNECTED');
  }
}
