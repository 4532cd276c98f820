// The walk over CONNECTED connections by activity (the sparse ConnectedActivityIndex: keys and tenant) and
// the cleanup's saved position in it (one item of the connections table, key CLEANUP_CURSOR_KEY).
// A page queries one shard from just after the cursor, then the next shards, until `limit` entries
// are read or the last shard is done; each Query reads at most the entries still missing, so the
// cursor is exactly the last entry returned. The index is read eventually consistently (GSIs are):
// a writer acting on an entry re-checks it with a condition.
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { InvalidInputError } from '../errors';
import type { ActivityCursor, ActivityEntry, ActivityPage } from '../model';
import { CLEANUP_CURSOR_KEY, CONNECTED_ACTIVITY_INDEX, CONNECTED_SHARDS } from '../tables';
import { run, type TableContext } from './table';

export async function activityPage(ctx: TableContext, options: { after?: ActivityCursor; limit: number }): Promise<ActivityPage> {
  if (!Number.isInteger(options.limit) || options.limit < 1) throw new InvalidInputError(`limit must be a positive integer, got ${options.limit}`);
  const items: ActivityEntry[] = [];
  let cursor: ActivityCursor | undefined = options.after ?? { shard: 0 };
  while (cursor !== undefined && items.length < options.limit) {
    const { shard, last }: ActivityCursor = cursor;
    const start: Record<string, unknown> | undefined = last && { connectedShard: shard, lastActiveAt: last.lastActiveAt, connectionId: last.connectionId };
    const input = {
      TableName: ctx.table,
      IndexName: CONNECTED_ACTIVITY_INDEX,
      KeyConditionExpression: 'connectedShard = :shard',
      ExpressionAttributeValues: { ':shard': shard },
      Limit: options.limit - items.length,
      ...(start ? { ExclusiveStartKey: start } : {}),
    };
    const page: QueryCommandOutput = await run(ctx, 'connections.activityPage', () => ctx.doc.send(new QueryCommand(input)));
    items.push(...(page.Items ?? []).map(toEntry));
    const end: Record<string, unknown> | undefined = page.LastEvaluatedKey;
    if (end !== undefined) cursor = { shard, last: { connectionId: end['connectionId'] as string, lastActiveAt: end['lastActiveAt'] as number } };
    else cursor = shard + 1 < CONNECTED_SHARDS ? { shard: shard + 1 } : undefined;
  }
  return cursor === undefined ? { items } : { items, next: cursor };
}

export async function loadCleanupCursor(ctx: TableContext): Promise<ActivityCursor | undefined> {
  const input = { TableName: ctx.table, Key: { connectionId: CLEANUP_CURSOR_KEY }, ConsistentRead: true };
  const { Item } = await run(ctx, 'connections.loadCleanupCursor', () => ctx.doc.send(new GetCommand(input)));
  return toCursor(Item?.['cursor']);
}

export async function saveCleanupCursor(ctx: TableContext, cursor: ActivityCursor | undefined): Promise<void> {
  const Key = { connectionId: CLEANUP_CURSOR_KEY };
  await run(ctx, 'connections.saveCleanupCursor', () =>
    cursor === undefined
      ? ctx.doc.send(new DeleteCommand({ TableName: ctx.table, Key }))
      : ctx.doc.send(new PutCommand({ TableName: ctx.table, Item: { ...Key, cursor, savedAt: ctx.clock() } })),
  );
}

function toEntry(item: Record<string, unknown>): ActivityEntry {
  return { connectionId: item['connectionId'] as string, lastActiveAt: item['lastActiveAt'] as number, tenantId: item['tenantId'] as string };
}

/** A stored cursor read back; anything malformed (or a shard that no longer exists) means start over. */
function toCursor(value: unknown): ActivityCursor | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { shard, last } = value as { shard?: unknown; last?: { connectionId?: unknown; lastActiveAt?: unknown } };
  if (typeof shard !== 'number' || !Number.isInteger(shard) || shard < 0 || shard >= CONNECTED_SHARDS) return undefined;
  if (last === undefined) return { shard };
  if (typeof last.connectionId !== 'string' || typeof last.lastActiveAt !== 'number') return undefined;
  return { shard, last: { connectionId: last.connectionId, lastActiveAt: last.lastActiveAt } };
}
