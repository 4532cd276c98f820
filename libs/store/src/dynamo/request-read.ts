import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { RequestRecord } from '../model';
import { toRequest } from './items';
import { run, type TableContext } from './table-context';

/** Strongly consistent read of one request (guard items read as undefined). */
export async function readRequest(ctx: TableContext, requestId: string): Promise<RequestRecord | undefined> {
  const input = { TableName: ctx.table, Key: { requestId }, ConsistentRead: true };
  const { Item } = await run(ctx, 'requests.get', () => ctx.doc.send(new GetCommand(input)), { requestId });
  return toRequest(Item);
}
