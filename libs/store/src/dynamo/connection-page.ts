// Admin listing of CONNECTED connections with an opaque, validated continuation token.
// Each Scan call reads at most the number of items still missing, so the page never exceeds `limit`
// and the LastEvaluatedKey is an exact resume point. A page may hold fewer items than `limit` (many
// DISCONNECTED items in a row): keep going while `nextToken` is present.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_PAGE_LIMIT } from '../defaults';
import type { ConnectionRecord, Page } from '../model';
import type { PageKey, PageTokenCodec } from '../page-token';
import { assertPageLimit } from '../records';
import { toConnection } from './items';
import { run, type TableContext } from './table-context';

/** Scan calls per page at most, so one admin call stays bounded on a table full of DISCONNECTED items. */
const MAX_SCANS_PER_PAGE = 10;

export async function scanConnectedPage(
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
