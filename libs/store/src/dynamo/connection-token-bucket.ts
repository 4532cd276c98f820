// Per-connection token bucket on the connection item, as its GCRA theoretical arrival time
// (`bucketTatUs`, see token-bucket.ts). A take is at most two conditional writes and never a
// read-modify-write, so concurrent takes do not contend:
//   1. an idle bucket (no TAT, or a TAT not after now) starts at now + one interval;
//   2. otherwise, a TAT within the tolerance moves one interval on (an atomic addition).
// The TAT only moves forward, so when both conditions fail the bucket is over its burst — the
// item read back with the failed condition gives the retry hint. `put` replaces the item, which
// resets the bucket; a take racing it simply goes round once more.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConditionConflictError, ItemNotFoundError } from '../errors';
import type { TokenBucket, TokenDecision } from '../model';
import { ALLOWED, assertBucket, microseconds, refusal, scheduleOf } from '../token-bucket';
import { run, type TableContext } from './table-context';

const MAX_ROUNDS = 3;

type Write = { applied: true } | { applied: false; item: Record<string, unknown> | undefined };

export async function takeTokenOnItem(ctx: TableContext, connectionId: string, bucket: TokenBucket, now: number): Promise<TokenDecision> {
  assertBucket(bucket);
  const { intervalUs, toleranceUs } = scheduleOf(bucket);
  const nowUs = microseconds(now);
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const idle = await write(ctx, connectionId, 'SET bucketTatUs = :next', 'attribute_exists(connectionId) AND (attribute_not_exists(bucketTatUs) OR bucketTatUs <= :now)', {
      ':next': nowUs + intervalUs,
      ':now': nowUs,
    });
    if (idle.applied) return ALLOWED;
    if (!idle.item) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
    const busy = await write(ctx, connectionId, 'SET bucketTatUs = bucketTatUs + :interval', 'bucketTatUs > :now AND bucketTatUs <= :limit', {
      ':interval': intervalUs,
      ':now': nowUs,
      ':limit': nowUs + toleranceUs,
    });
    if (busy.applied) return ALLOWED;
    const tatUs = busy.item?.['bucketTatUs'];
    if (!busy.item) throw new ItemNotFoundError(`Connection ${connectionId} not found`, { context: { connectionId } });
    if (typeof tatUs === 'number') return refusal(tatUs, nowUs, toleranceUs);
    // The item was replaced (put) between the two writes: its bucket is fresh, take again.
  }
  ctx.logger.debug('token bucket replaced during every take, refusing', { connectionId });
  return refusal(nowUs + toleranceUs + intervalUs, nowUs, toleranceUs);
}

async function write(ctx: TableContext, connectionId: string, update: string, condition: string, values: Record<string, number>): Promise<Write> {
  const input = {
    TableName: ctx.table,
    Key: { connectionId },
    UpdateExpression: update,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
  try {
    await run(ctx, 'connections.takeToken', () => ctx.doc.send(new UpdateCommand(input)), { connectionId });
    return { applied: true };
  } catch (err) {
    if (!(err instanceof ConditionConflictError)) throw err;
    const raw = (err.cause as { Item?: Parameters<typeof unmarshall>[0] } | undefined)?.Item;
    return { applied: false, item: raw ? unmarshall(raw) : undefined };
  }
}
