// The admission of one inbound frame on the connection item: a token taken from the connection's rate
// limit only while it is CONNECTED, and the connection returned, in one conditional UpdateItem.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionConflictError, ItemNotFoundError } from '../errors';
import type { Admission, ConnectionRecord, TokenBucket, TokenDecision } from '../model';
import { ALLOWED, assertBucket, microseconds, refusal, scheduleOf } from '../records';
import { itemOnConflict, toConnection } from './items';
import { run, type TableContext } from './table';

// Per-connection token bucket on the connection item, as its GCRA theoretical arrival time
// (`bucketTatUs`, see records.ts), taken together with the proof that the connection is CONNECTED.
// A take is one of two conditional writes, each conditioned on `status = CONNECTED`, never a
// read-modify-write, so concurrent takes do not contend:
//   idle: a bucket with no TAT, or a TAT not after now, starts at now + one interval;
//   busy: a TAT within the tolerance moves one interval on (an atomic addition).
// The store remembers the TAT each take returned (ALL_NEW) and tries the write that TAT predicts first,
// so a take is one round trip unless another execution environment moved the bucket meanwhile. A failed
// condition reads the item back with the failure (ReturnValuesOnConditionCheckFailure: ALL_OLD): no
// item is an unknown connection, another status ends the take, a TAT past the tolerance is a refusal
// with its retry hint, anything else tries the other write. `put` replaces the item, which resets the
// bucket; a take racing it simply goes round once more.

/** Rounds of the two conditional writes before a take gives up (each lost only to a racing `put`). */
const MAX_TAKE_ROUNDS = 3;

const NOT_CONNECTED: Readonly<TokenDecision> = Object.freeze({ allowed: false, retryAfterMs: 0 });

interface BucketWrite {
  update: string;
  condition: string;
  values: Record<string, number | string>;
}

type WriteOutcome = { applied: true; item: Record<string, unknown> } | { applied: false; item: Record<string, unknown> | undefined };

export async function admitOnItem(ctx: TableContext, lastTats: Map<string, number>, connectionId: string, bucket: TokenBucket, now: number): Promise<Admission> {
  assertBucket(bucket);
  const { intervalUs, toleranceUs } = scheduleOf(bucket);
  const nowUs = microseconds(now);
  const idle: BucketWrite = {
    update: 'SET bucketTatUs = :next',
    condition: '#status = :connected AND (attribute_not_exists(bucketTatUs) OR bucketTatUs <= :now)',
    values: { ':next': nowUs + intervalUs, ':now': nowUs, ':connected': 'CONNECTED' },
  };
  const busy: BucketWrite = {
    update: 'SET bucketTatUs = bucketTatUs + :interval',
    condition: '#status = :connected AND bucketTatUs > :now AND bucketTatUs <= :limit',
    values: { ':interval': intervalUs, ':now': nowUs, ':limit': nowUs + toleranceUs, ':connected': 'CONNECTED' },
  };
  const last = lastTats.get(connectionId);
  const order = last !== undefined && last > nowUs ? [busy, idle] : [idle, busy];
  let seen: ConnectionRecord | undefined;
  for (let round = 0; round < MAX_TAKE_ROUNDS; round += 1) {
    for (const write of order) {
      const outcome = await writeBucket(ctx, connectionId, write);
      const tatUs = outcome.item?.['bucketTatUs'];
      if (typeof tatUs === 'number') remember(lastTats, connectionId, tatUs);
      if (outcome.item === undefined) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
      const connection = toConnection(outcome.item);
      seen = connection;
      if (outcome.applied) return { connection, decision: ALLOWED };
      if (connection.status !== 'CONNECTED') return { connection, decision: NOT_CONNECTED };
      if (typeof tatUs === 'number' && tatUs - nowUs > toleranceUs) return { connection, decision: refusal(tatUs, nowUs, toleranceUs) };
    }
    // The item was replaced (put) between the two writes: its bucket is fresh, take again.
  }
  ctx.logger.debug('token bucket replaced during every take, refusing', { connectionId });
  return { connection: seen as ConnectionRecord, decision: refusal(nowUs + toleranceUs + intervalUs, nowUs, toleranceUs) };
}

/** Connections whose last TAT a store remembers; the least recently written goes first. */
const REMEMBERED_TATS = 10_000;

/**
 * A Map keeps insertion order, so re-inserting on every write makes its first key the least recently
 * written one. (Not lru-cache: it would be the only dependency it adds to the $connect and
 * $disconnect bundles, whose require time is measured.)
 */
function remember(lastTats: Map<string, number>, connectionId: string, tatUs: number): void {
  lastTats.delete(connectionId);
  lastTats.set(connectionId, tatUs);
  if (lastTats.size > REMEMBERED_TATS) lastTats.delete(lastTats.keys().next().value as string);
}

async function writeBucket(ctx: TableContext, connectionId: string, write: BucketWrite): Promise<WriteOutcome> {
  const input = {
    TableName: ctx.table,
    Key: { connectionId },
    UpdateExpression: write.update,
    ConditionExpression: write.condition,
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: write.values,
    ReturnValues: 'ALL_NEW' as const,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  try {
    const { Attributes = {} } = await run(ctx, 'connections.admit', () => ctx.doc.send(new UpdateCommand(input)), { connectionId });
    return { applied: true, item: Attributes };
  } catch (err) {
    if (!(err instanceof ConditionConflictError)) throw err;
    return { applied: false, item: itemOnConflict(err) };
  }
}
