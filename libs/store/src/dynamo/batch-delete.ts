import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreThrottledError } from '../errors';
import { run, type TableContext } from './table-context';

const MAX_ROUNDS = 6;

/** Deletes up to 25 keys, retrying unprocessed ones with a short backoff; returns how many were sent. */
export async function deleteKeys(ctx: TableContext, keys: Record<string, unknown>[]): Promise<number> {
  let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let round = 0; round < MAX_ROUNDS && pending.length > 0; round++) {
    if (round > 0) await sleep(25 * 2 ** round);
    const input = { RequestItems: { [ctx.table]: pending } };
    const { UnprocessedItems } = await run(ctx, 'subscriptions.removeAllForConnection', () => ctx.doc.send(new BatchWriteCommand(input)));
    pending = (UnprocessedItems?.[ctx.table] ?? []) as typeof pending;
  }
  if (pending.length > 0) {
    throw new StoreThrottledError(`${pending.length} subscription deletes left unprocessed`, { context: { table: ctx.table } });
  }
  return keys.length;
}
