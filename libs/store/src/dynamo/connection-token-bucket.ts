// Per-connection token bucket kept on the connection item (bucketTokens, bucketUpdatedAt, bucketVersion),
// updated with an optimistic conditional write on bucketVersion; a lost race re-reads and retries.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionConflictError, ItemNotFoundError } from '../errors';
import type { TokenBucket, TokenDecision } from '../model';
import { assertBucket, type BucketState, takeFromBucket } from '../token-bucket';
import { run, type TableContext } from './table-context';

const MAX_ATTEMPTS = 5;

interface StoredBucket {
  state?: BucketState;
  version: number;
}

export async function takeTokenOnItem(ctx: TableContext, connectionId: string, bucket: TokenBucket, now: number): Promise<TokenDecision> {
  assertBucket(bucket);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const stored = await readBucket(ctx, connectionId);
    const outcome = takeFromBucket(stored.state, bucket, now);
    if (!outcome.next) return outcome.decision;
    if (await writeBucket(ctx, connectionId, outcome.next, stored.version)) return outcome.decision;
  }
  // Still contended after several rounds: this connection is sending concurrently, so refuse.
  ctx.logger.debug('token bucket contended, refusing', { connectionId });
  return { allowed: false, retryAfterMs: Math.max(1, Math.ceil(1000 / bucket.ratePerSecond)) };
}

async function readBucket(ctx: TableContext, connectionId: string): Promise<StoredBucket> {
  const input = {
    TableName: ctx.table,
    Key: { connectionId },
    ConsistentRead: true,
    ProjectionExpression: 'connectionId, bucketTokens, bucketUpdatedAt, bucketVersion',
  };
  const { Item } = await run(ctx, 'connections.takeToken', () => ctx.doc.send(new GetCommand(input)), { connectionId });
  if (!Item) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
  const { bucketTokens, bucketUpdatedAt, bucketVersion } = Item as Record<string, number | undefined>;
  const state = bucketTokens !== undefined && bucketUpdatedAt !== undefined ? { tokens: bucketTokens, updatedAt: bucketUpdatedAt } : undefined;
  return { state, version: bucketVersion ?? 0 };
}

/** False when another writer got there first (or the connection vanished: the next read tells). */
async function writeBucket(ctx: TableContext, connectionId: string, next: BucketState, version: number): Promise<boolean> {
  const input = {
    TableName: ctx.table,
    Key: { connectionId },
    UpdateExpression: 'SET bucketTokens = :tokens, bucketUpdatedAt = :at, bucketVersion = :next',
    ConditionExpression: version === 0 ? 'attribute_exists(connectionId) AND attribute_not_exists(bucketVersion)' : 'bucketVersion = :version',
    ExpressionAttributeValues: { ':tokens': next.tokens, ':at': next.updatedAt, ':next': version + 1, ...(version === 0 ? {} : { ':version': version }) },
  };
  try {
    await run(ctx, 'connections.takeToken', () => ctx.doc.send(new UpdateCommand(input)), { connectionId });
    return true;
  } catch (err) {
    if (err instanceof ConditionConflictError) return false;
    throw err;
  }
}
