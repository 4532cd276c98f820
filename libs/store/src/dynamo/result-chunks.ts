// The pieces of a large result on DynamoDB: one item per piece in the requests table, next to its
// request (`resultChunkKey`), with the request's TTL. Items rather than an S3 object: the same table,
// the same TTL clean-up and the same emulator (DynamoDB Local) locally and on AWS, and no bucket, IAM
// grant or second client. A piece is at most ~126 KB of UTF-8 (it must fit one 128 KB message), far
// under DynamoDB's 400 KB item limit (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Constraints.html,
// "Items"; the size counts attribute names and UTF-8 values:
// https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mapLimit } from '@streamer/kernel';
import { resultChunkKey } from '../tables';
import { run, type TableContext } from './table';

/** Puts written at once: a 4 MB result is ~33 pieces. */
const PUT_CONCURRENCY = 8;

/** Writes every piece (unconditionally: a rerun of the same attempt writes the same pieces). */
export async function writeResultChunks(ctx: TableContext, requestId: string, pieces: readonly string[], ttl: number): Promise<void> {
  await mapLimit(pieces, PUT_CONCURRENCY, async (data, index) => {
    const input = { TableName: ctx.table, Item: { requestId: resultChunkKey(requestId, index), data, ttl } };
    await run(ctx, 'requests.putResultChunks', () => ctx.doc.send(new PutCommand(input)), { requestId });
  });
}

/** Piece `index` (strongly consistent: it was written before the request was seen completed), or undefined. */
export async function readResultChunk(ctx: TableContext, requestId: string, index: number): Promise<string | undefined> {
  const input = { TableName: ctx.table, Key: { requestId: resultChunkKey(requestId, index) }, ConsistentRead: true };
  const { Item } = await run(ctx, 'requests.resultChunk', () => ctx.doc.send(new GetCommand(input)), { requestId });
  return typeof Item?.['data'] === 'string' ? Item['data'] : undefined;
}
