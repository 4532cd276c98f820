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
  'progressMessage', 'result', 'resultChunks', 'continuation', 'error', 'lastError', 'attempts', 'leaseExpiresAt', 'createdAt', 'updatedAt', 'ttl',
] as const;

function pick(item: Item, fields: readonly string[]): Item {
  const out: Item = {};
  for (const field of fields) {
    if (item[field] !== undefined) out[field] = item[field];
  }
  return out;
}

/** The record's attributes: the ones the GSIs copy, and `tokenExpiresAt`, which only the item holds. */
const CONNECTION_FIELDS: readonly string[] = [...CONNECTION_RECORD_ATTRIBUTES, 'tokenExpiresAt'];

export function toConnection(item: Item): ConnectionRecord {
  return pick(item, CONNECTION_FIELDS) as unknown as ConnectionRecord;
}

/** The connection id of an item read with `ProjectionExpression: 'connectionId'`. */
export function idOf(item: Item): string {
  return item['connectionId'] as string;
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

// Page-by-page iteration over Query and Scan with one page of read-ahead: as soon as page k arrives,
// the request for page k+1 is sent, so its round trip overlaps the caller's work on page k (at most
// two pages in memory, never the whole result). A caller that stops early waits for that request to
// settle before `return()` resolves, so nothing is left running behind it (a Lambda handler may
// return right after). Without `pageSize`, DynamoDB fills each page up to its 1 MB limit
// (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html).

type PageInput<I> = Omit<I, 'TableName' | 'Limit' | 'ExclusiveStartKey'>;

export function queryItems<T>(
  ctx: TableContext,
  operation: string,
  input: PageInput<QueryCommandInput>,
  map: (item: Item) => T,
  pageSize: number = DEFAULT_PAGE_SIZE,
): AsyncIterable<T> {
  return flatten(queryPages(ctx, operation, input, map, pageSize));
}

/**
 * Limits of the first pages when the caller sets none: a small first page, so the caller can start
 * working sooner, while the next, larger one is read ahead; from then on DynamoDB's 1 MB. Not smaller:
 * a small audience should come in one Query (a page cut at its Limit costs one more Query, empty,
 * before the caller knows it has them all).
 */
const RAMP = [500, 2000] as const;

/** The pages of a Query, mapped; without `pageSize` the pages ramp up (RAMP) to 1 MB each. */
export function queryPages<T>(
  ctx: TableContext,
  operation: string,
  input: PageInput<QueryCommandInput>,
  map: (item: Item) => T,
  pageSize: number | undefined,
): AsyncIterable<T[]> {
  if (pageSize !== undefined) assertPageSize(pageSize);
  let n = 0;
  const page = (start: Item | undefined) => {
    const limit = pageSize ?? RAMP[n++];
    return ctx.doc.send(new QueryCommand({ ...input, ...(limit === undefined ? {} : { Limit: limit }), TableName: ctx.table, ExclusiveStartKey: start }));
  };
  return pages(ctx, operation, page, map);
}

export function scanItems<T>(
  ctx: TableContext,
  operation: string,
  input: PageInput<ScanCommandInput>,
  map: (item: Item) => T,
  pageSize: number = DEFAULT_PAGE_SIZE,
): AsyncIterable<T> {
  assertPageSize(pageSize);
  const page = (start: Item | undefined) =>
    ctx.doc.send(new ScanCommand({ ...input, TableName: ctx.table, Limit: pageSize, ExclusiveStartKey: start }));
  return flatten(pages(ctx, operation, page, map));
}

type PageResult = { Items?: Item[]; LastEvaluatedKey?: Item };
type Settled = { result: PageResult } | { error: unknown };

async function* pages<T>(
  ctx: TableContext,
  operation: string,
  page: (start: Item | undefined) => Promise<PageResult>,
  map: (item: Item) => T,
): AsyncGenerator<T[]> {
  // Each request is settled into a value at once, so a read-ahead nobody waits for never rejects unhandled.
  const request = (start: Item | undefined): Promise<Settled> =>
    run(ctx, operation, () => page(start)).then((result) => ({ result }), (error: unknown) => ({ error }));
  let next: Promise<Settled> | undefined = request(undefined);
  try {
    while (next !== undefined) {
      const settled: Settled = await next;
      next = undefined;
      if ('error' in settled) throw settled.error;
      const start = settled.result.LastEvaluatedKey;
      if (start !== undefined) next = request(start);
      yield (settled.result.Items ?? []).map(map);
    }
  } finally {
    if (next !== undefined) await next;
  }
}

async function* flatten<T>(source: AsyncIterable<T[]>): AsyncGenerator<T> {
  for await (const page of source) yield* page;
}
