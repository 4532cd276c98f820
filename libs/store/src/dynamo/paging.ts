// Page-by-page iteration over Query and Scan: one page in memory at a time, never the whole result.
import { QueryCommand, type QueryCommandInput, ScanCommand, type ScanCommandInput } from '@aws-sdk/lib-dynamodb';
import { DEFAULT_PAGE_SIZE } from '../defaults';
import { assertPageSize } from '../records';
import { run, type TableContext } from './table-context';

type Item = Record<string, unknown>;

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
