// Items and the expressions that read and write them: item ↔ record mapping (items may carry
// storage-only attributes such as token-bucket state or the raw subscription key; records expose
// exactly the contract's fields), UpdateExpression / ConditionExpression placeholders, and
// page-by-page iteration over Query and Scan.
import { QueryCommand, type QueryCommandInput, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { ConditionConflictError } from '../errors';
import type { ConnectionRecord, RequestRecord, SubscriptionRecord } from '../model';
import { assertPageSize, DEFAULT_PAGE_SIZE } from '../records';
import { CONNECTION_RECORD_ATTRIBUTES } from '../tables';
import { run, type TableContext } from './table';

type Item = Record<string, unknown>;

const REQUEST_FIELDS = [
  'requestId', 'connectionId', 'userId', 'tenantId', 'clientId', 'action', 'payload', 'status', 'progress',
  'progressMessage', 'result', 'error', 'lastError', 'attempts', 'leaseExpiresAt', 'createdAt', 'updatedAt', 'ttl',
] as const;

function pick(item: Item, fields: readonly string[]): Item {
  const out: Item = {};
  for (const field of fields) {
    if (item[field] !== undefined) out[field] = item[field];
  }
  return out;
}

export function toConnection(item: Item): ConnectionRecord {
  return pick(item, CONNECTION_RECORD_ATTRIBUTES) as unknown as ConnectionRecord;
}

/** Undefined for items that are not requests (idempotency guards have no `status`). */
export function toRequest(item: Item | undefined): RequestRecord | undefined {
  if (item === undefined || typeof item['status'] !== 'string') return undefined;
  return pick(item, REQUEST_FIELDS) as unknown as RequestRecord;
}

/** The hash key holds `${tenantId}#${topic}`; the plain topic is kept in `topicName`. */
export function toSubscription(item: Item): SubscriptionRecord {
  const { tenantId, topicName, connectionId, userId, createdAt, ttl } = item;
  return { tenantId, topic: topicName, connectionId, userId, createdAt, ttl } as SubscriptionRecord;
}

/** The item a failed condition returned (ReturnValuesOnConditionCheckFailure: ALL_OLD); undefined when there was none. */
export function itemOnConflict(err: ConditionConflictError): Record<string, unknown> | undefined {
  const raw = (err.cause as { Item?: Parameters<typeof unmarshall>[0] } | undefined)?.Item;
  return raw ? unmarshall(raw) : undefined;
}

/** Drops top-level undefined values (optional record fields) before a write. */
export function compact<T extends object>(record: T): Item {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

// Builds UpdateExpression / ConditionExpression placeholders so attribute names never clash with
// DynamoDB reserved words (status, ttl, result, error, action, …).

export interface Update {
  set?: Record<string, unknown>;
  remove?: readonly string[];
  /** Attributes incremented by the given amount (missing counts as 0). */
  increment?: Record<string, number>;
}

export interface Expression {
  UpdateExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

export class ExpressionBuilder {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private count = 0;

  name(attribute: string): string {
    const placeholder = `#${attribute.replace(/[^A-Za-z0-9_]/g, '_')}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.count++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  update(update: Update): string {
    const sets = Object.entries(update.set ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([attribute, value]) => `${this.name(attribute)} = ${this.value(value)}`);
    for (const [attribute, by] of Object.entries(update.increment ?? {})) {
      const n = this.name(attribute);
      sets.push(`${n} = if_not_exists(${n}, ${this.value(0)}) + ${this.value(by)}`);
    }
    const removes = (update.remove ?? []).map((attribute) => this.name(attribute));
    return [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].filter(Boolean).join(' ');
  }

  /** Names/values for a command input (values omitted when none, as DynamoDB requires). */
  attributes(): Pick<Expression, 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> {
    return Object.keys(this.values).length > 0
      ? { ExpressionAttributeNames: this.names, ExpressionAttributeValues: this.values }
      : { ExpressionAttributeNames: this.names };
  }
}

// Page-by-page iteration over Query and Scan: one page in memory at a time, never the whole result.

export function queryItems<T>(
  ctx: TableContext,
  operation: string,
  input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  map: (item: Item) => T,
  pageSize: number = DEFAULT_PAGE_SIZE,
): AsyncIterable<T> {
  assertPageSize(pageSize);
  const page = (start: Item | undefined) =>
    ctx.doc.send(new QueryCommand({ ...input, TableName: ctx.table, Limit: pageSize, ExclusiveStartKey: start }));
  return iterate(ctx, operation, page, map);
}

export function scanItems<T>(
  ctx: TableContext,
  operation: string,
  input: Omit<ScanCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>,
  map: (item: Item) => T,
  pageSize: number = DEFAULT_PAGE_SIZE,
): AsyncIterable<T> {
  assertPageSize(pageSize);
  const page = (start: Item | undefined) =>
    ctx.doc.send(new ScanCommand({ ...input, TableName: ctx.table, Limit: pageSize, ExclusiveStartKey: start }));
  return iterate(ctx, operation, page, map);
}

async function* iterate<T>(
  ctx: TableContext,
  operation: string,
  page: (start: Item | undefined) => Promise<{ Items?: Item[]; LastEvaluatedKey?: Item }>,
  map: (item: Item) => T,
): AsyncIterable<T> {
  let start: Item | undefined;
  do {
    const result = await run(ctx, operation, () => page(start));
    for (const item of result.Items ?? []) yield map(item);
    start = result.LastEvaluatedKey;
  } while (start !== undefined);
}
