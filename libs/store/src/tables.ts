// The table layout, defined once: table names (the lib never reads process.env: apps pass their env
// in), the table definitions as plain data (used to create tables in tests and the local stack, and by
// the CDK stack; `toCreateTableInput` maps one to the SDK input shape), and the derived key values
// both implementations use.
import type { CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { StoreConfigError } from './errors';

export type TableKind = 'connections' | 'requests' | 'subscriptions' | 'events';

export type TableNames = Record<TableKind, string>;

/** Env var (first) and accepted aliases for each table name (SPEC §3). */
export const TABLE_ENV_VARS: Readonly<Record<TableKind, readonly string[]>> = {
  connections: ['CONNECTIONS_TABLE', 'CONNECTIONS_TABLE_NAME'],
  requests: ['REQUESTS_TABLE'],
  subscriptions: ['SUBSCRIPTIONS_TABLE'],
  events: ['EVENTS_TABLE'],
};

/** The canonical env var of a table, used in error messages. */
export function tableEnvVar(kind: TableKind): string {
  return TABLE_ENV_VARS[kind][0] ?? kind;
}

/** Reads the four table names from an env-like record; a missing one throws StoreConfigError naming it. */
export function tableNamesFromEnv(env: Record<string, string | undefined>): TableNames {
  const read = (kind: TableKind): string => {
    const names = TABLE_ENV_VARS[kind];
    const value = names.map((name) => env[name]?.trim()).find((v) => v !== undefined && v !== '');
    if (value === undefined) {
      throw new StoreConfigError(`Missing table name: set ${names.join(' or ')}`, { context: { envVar: tableEnvVar(kind) } });
    }
    return value;
  };
  return { connections: read('connections'), requests: read('requests'), subscriptions: read('subscriptions'), events: read('events') };
}

export interface AttributeDefinition {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: AttributeDefinition;
  sortKey?: AttributeDefinition;
  /** `INCLUDE` copies the keys and `nonKeyAttributes` only. */
  projection: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  nonKeyAttributes?: readonly string[];
}

export interface TableDefinition {
  kind: TableKind;
  partitionKey: AttributeDefinition;
  sortKey?: AttributeDefinition;
  indexes: readonly IndexDefinition[];
  /** Epoch-seconds attribute DynamoDB TTL deletes by. */
  ttlAttribute: 'ttl';
  stream?: 'NEW_AND_OLD_IMAGES';
  billingMode: 'PAY_PER_REQUEST';
}

const S = (name: string): AttributeDefinition => ({ name, type: 'S' });
const N = (name: string): AttributeDefinition => ({ name, type: 'N' });

/** The sparse index of CONNECTED connections by activity (see CONNECTIONS_TABLE). */
export const CONNECTED_ACTIVITY_INDEX = 'ConnectedActivityIndex';

/** The activity index's partition key, on CONNECTED connection items only. */
export const CONNECTED_SHARD_ATTRIBUTE = 'connectedShard';

/** Partition key values of the activity index: enough to spread its writes, few enough to walk. */
export const CONNECTED_SHARDS = 8;

/** The activity-index shard of a connection: a stable hash (FNV-1a) of its id. */
export function connectedShardOf(connectionId: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < connectionId.length; i++) hash = Math.imul(hash ^ connectionId.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % CONNECTED_SHARDS;
}

/** Key of the connections-table item that holds the cleanup's position (no `status`: in no index). */
export const CLEANUP_CURSOR_KEY = 'cleanup#cursor';

/** The attributes of a connection item that make up its `ConnectionRecord` (what the GSIs' readers read). */
export const CONNECTION_RECORD_ATTRIBUTES = [
  'connectionId', 'userId', 'tenantId', 'status', 'endpoint', 'connectedAt', 'lastActiveAt', 'disconnectedAt', 'ttl',
] as const;

/** Every record attribute that is not a key of the index (keys are always projected). */
function connectionRecordBeyond(...keys: string[]): string[] {
  return CONNECTION_RECORD_ATTRIBUTES.filter((name) => !keys.includes(name));
}

/**
 * Both GSIs serve `byUser` / `byTenant`, which return whole `ConnectionRecord`s (admin listings) and
 * connection ids (broadcast): they project the record's attributes and nothing else. The item also
 * holds attributes no index copies: the rate-limit state written by every inbound frame
 * (`bucketTatUs`) and the subscribed topics (`topics`, a string set kept for `$disconnect`).
 * DynamoDB writes to an index only when a write changes the index's key or one of its projected
 * attributes; an update that touches neither causes no write activity on the index (Developer Guide,
 * "Using Global Secondary Indexes in DynamoDB", writes and provisioned throughput:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes).
 * So an inbound frame costs one item write, not three. `lastActiveAt` is projected (the admin listings
 * show it): the frame that refreshes it, at most once a minute per connection, writes both indexes too.
 *
 * `ConnectedActivityIndex` is sparse: only CONNECTED items carry its partition key `connectedShard`
 * (set by `put`, removed by the mark that ends a connection), sorted by `lastActiveAt`, with the keys and
 * `tenantId` (the cleanup counts live connections per tenant). The
 * hourly cleanup walks it oldest activity first, shard by shard, and never reads a DISCONNECTED item
 * (TTL deletes those); the stale ones are the head of each shard. The shard (one of
 * CONNECTED_SHARDS, from the connection id) spreads the index's writes over several partition key
 * values. Its cost: one more index write on `$connect`, on the mark, and on the once-a-minute touch.
 */
export const CONNECTIONS_TABLE: TableDefinition = {
  kind: 'connections',
  partitionKey: S('connectionId'),
  indexes: [
    {
      indexName: 'UserIdIndex',
      partitionKey: S('userId'),
      sortKey: S('status'),
      projection: 'INCLUDE',
      nonKeyAttributes: connectionRecordBeyond('connectionId', 'userId', 'status'),
    },
    {
      indexName: 'TenantIdIndex',
      partitionKey: S('tenantId'),
      sortKey: S('status'),
      projection: 'INCLUDE',
      nonKeyAttributes: connectionRecordBeyond('connectionId', 'tenantId', 'status'),
    },
    {
      indexName: CONNECTED_ACTIVITY_INDEX,
      partitionKey: N(CONNECTED_SHARD_ATTRIBUTE),
      sortKey: N('lastActiveAt'),
      projection: 'INCLUDE',
      nonKeyAttributes: ['tenantId'],
    },
  ],
  ttlAttribute: 'ttl',
  billingMode: 'PAY_PER_REQUEST',
};

/** Also holds the idempotency guard items (`idem#…` keys, no `status`): see `idempotencyGuardKey` below. */
export const REQUESTS_TABLE: TableDefinition = {
  kind: 'requests',
  partitionKey: S('requestId'),
  indexes: [
    { indexName: 'ConnectionIdIndex', partitionKey: S('connectionId'), projection: 'ALL' },
    { indexName: 'UserClientIndex', partitionKey: S('userId'), sortKey: S('clientId'), projection: 'ALL' },
  ],
  ttlAttribute: 'ttl',
  stream: 'NEW_AND_OLD_IMAGES',
  billingMode: 'PAY_PER_REQUEST',
};

/** `topic` is stored as `${tenantId}#${topic}` so the same topic name in two tenants never mixes. */
export const SUBSCRIPTIONS_TABLE: TableDefinition = {
  kind: 'subscriptions',
  partitionKey: S('topic'),
  sortKey: S('connectionId'),
  indexes: [{ indexName: 'ConnectionIdIndex', partitionKey: S('connectionId'), sortKey: S('topic'), projection: 'KEYS_ONLY' }],
  ttlAttribute: 'ttl',
  billingMode: 'PAY_PER_REQUEST',
};

/**
 * Topic events, kept for replay: partition `topic` = `${tenantId}#${topic}` (the subscriptions' key),
 * sort `seq`. The item at `seq` 0 of each partition is the topic's head (`latest`, the last `seq`
 * given out; it has no `ttl`); events expire `EVENT_RETENTION` after they were published.
 */
export const EVENTS_TABLE: TableDefinition = {
  kind: 'events',
  partitionKey: S('topic'),
  sortKey: N('seq'),
  indexes: [],
  ttlAttribute: 'ttl',
  billingMode: 'PAY_PER_REQUEST',
};

export const TABLE_DEFINITIONS: readonly TableDefinition[] = [CONNECTIONS_TABLE, REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE];

function keySchema(partitionKey: AttributeDefinition, sortKey?: AttributeDefinition): KeySchemaElement[] {
  const hash: KeySchemaElement = { AttributeName: partitionKey.name, KeyType: 'HASH' };
  return sortKey ? [hash, { AttributeName: sortKey.name, KeyType: 'RANGE' }] : [hash];
}

function attributeDefinitions(def: TableDefinition): CreateTableCommandInput['AttributeDefinitions'] {
  const all = [def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
  const unique = new Map(all.filter((a) => a !== undefined).map((a) => [a.name, a.type]));
  return [...unique].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

/** CreateTable input for `def` under `tableName` (TTL is enabled separately with UpdateTimeToLive). */
export function toCreateTableInput(def: TableDefinition, tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: def.billingMode,
    KeySchema: keySchema(def.partitionKey, def.sortKey),
    AttributeDefinitions: attributeDefinitions(def),
    // An empty index list is a validation error for DynamoDB: leave the field out instead.
    ...(def.indexes.length > 0
      ? {
          GlobalSecondaryIndexes: def.indexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: {
              ProjectionType: index.projection,
              ...(index.projection === 'INCLUDE' ? { NonKeyAttributes: [...(index.nonKeyAttributes ?? [])] } : {}),
            },
          })),
        }
      : {}),
    ...(def.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } } : {}),
  };
}

// Derived key values.

/** Tenant ids are escaped so the first "#" always ends the tenant part (no cross-tenant collisions). */
function escapeTenant(tenantId: string): string {
  return tenantId.replace(/%/g, '%25').replace(/#/g, '%23');
}

/** Subscriptions and events hash key: `${tenantId}#${topic}`, so the same topic in two tenants never mixes. */
export function subscriptionTopicKey(tenantId: string, topic: string): string {
  return `${escapeTenant(tenantId)}#${topic}`;
}

export const IDEMPOTENCY_GUARD_PREFIX = 'idem#';

/**
 * Key of the idempotency guard item kept in the requests table next to each request. Idempotency is
 * per user *of a tenant*: the same `sub` in two tenants is two users, so the tenant is part of the
 * key (each part URI-encoded, so no value can reach into the next). Guard items carry no `status`,
 * `userId` or `connectionId`, so stream consumers filtering on `status`, the GSIs and the
 * status-filtered scans never see them.
 */
export function idempotencyGuardKey(tenantId: string, userId: string, clientId: string): string {
  return `${IDEMPOTENCY_GUARD_PREFIX}${[tenantId, userId, clientId].map(encodeURIComponent).join('#')}`;
}

/**
 * Key of piece `index` of a request's large result, an item of its own in the requests table
 * (`chunk#<requestId>#<index>`). Like the guards it carries no `status`, `userId` or `connectionId`:
 * the stream consumers, the GSIs and the status-filtered scans never see it.
 */
export function resultChunkKey(requestId: string, index: number): string {
  return `chunk#${requestId}#${index}`;
}
