// Table definitions as plain data, defined once: used to create tables (tests, local stack) and by the
// CDK stack. SDK-agnostic on purpose; `toCreateTableInput` maps a definition to the SDK input shape.
import type { CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import type { TableKind } from './table-names';

export interface AttributeDefinition {
  name: string;
  type: 'S' | 'N';
}

export interface IndexDefinition {
  indexName: string;
  partitionKey: AttributeDefinition;
  sortKey?: AttributeDefinition;
  projection: 'ALL' | 'KEYS_ONLY';
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

export const CONNECTIONS_TABLE: TableDefinition = {
  kind: 'connections',
  partitionKey: S('connectionId'),
  indexes: [
    { indexName: 'UserIdIndex', partitionKey: S('userId'), sortKey: S('status'), projection: 'ALL' },
    { indexName: 'TenantIdIndex', partitionKey: S('tenantId'), sortKey: S('status'), projection: 'ALL' },
  ],
  ttlAttribute: 'ttl',
  billingMode: 'PAY_PER_REQUEST',
};

/** Also holds the idempotency guard items (`idem#…` keys, no `status`): see keys.ts. */
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

export const TABLE_DEFINITIONS: readonly TableDefinition[] = [CONNECTIONS_TABLE, REQUESTS_TABLE, SUBSCRIPTIONS_TABLE];

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
    GlobalSecondaryIndexes: def.indexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: keySchema(index.partitionKey, index.sortKey),
      Projection: { ProjectionType: index.projection },
    })),
    ...(def.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: def.stream } } : {}),
  };
}
