// Idempotent create on (tenantId, userId, clientId): one transaction writes the request and a guard
// item (key `idem#<tenantId>#<userId>#<clientId>`, `guardFor` = requestId, same TTL). If the guard exists, the
// existing request is returned with created=false. Guard items have no `status`, so stream
// consumers filtering on `status = queued` ignore their INSERT records.
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ttlAfter } from '../defaults';
import { ConditionConflictError } from '../errors';
import { idempotencyGuardKey } from '../keys';
import type { NewRequest, RequestRecord } from '../model';
import { newRequestRecord } from '../records';
import { compact, toRequest } from './items';
import { run, type TableContext } from './table-context';

export async function createRequest(ctx: TableContext, request: NewRequest): Promise<{ request: RequestRecord; created: boolean }> {
  const now = request.now ?? ctx.clock();
  const record = newRequestRecord(request, now);
  const guardKey = idempotencyGuardKey(record.tenantId, record.userId, record.clientId);
  for (let attempt = 0; attempt < 2; attempt++) {
    const staleGuardFor = attempt === 0 ? undefined : await staleGuardTarget(ctx, guardKey);
    try {
      await writeWithGuard(ctx, record, guardKey, now, staleGuardFor);
      return { request: record, created: true };
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
      if (!guardConflict(err)) throw await requestIdTaken(ctx, record.requestId, err);
      const existing = await guardedRequest(ctx, guardKey);
      if (existing) return { request: existing, created: false };
    }
  }
  throw new ConditionConflictError(`Request for client id ${record.clientId} is being created concurrently`, {
    context: { requestId: record.requestId },
  });
}

function writeWithGuard(ctx: TableContext, record: RequestRecord, guardKey: string, now: number, staleGuardFor?: string) {
  const guardCondition = 'attribute_not_exists(requestId) OR #ttl < :now' + (staleGuardFor ? ' OR guardFor = :stale' : '');
  const input = {
    TransactItems: [
      {
        Put: {
          TableName: ctx.table,
          Item: { requestId: guardKey, guardFor: record.requestId, ttl: record.ttl },
          ConditionExpression: guardCondition,
          ExpressionAttributeNames: { '#ttl': 'ttl' },
          ExpressionAttributeValues: { ':now': ttlAfter(now, 0), ...(staleGuardFor ? { ':stale': staleGuardFor } : {}) },
        },
      },
      { Put: { TableName: ctx.table, Item: compact(record), ConditionExpression: 'attribute_not_exists(requestId)' } },
    ],
  };
  return run(ctx, 'requests.create', () => ctx.doc.send(new TransactWriteCommand(input)), { requestId: record.requestId });
}

/** True when the guard (first transaction item) failed its condition. */
function guardConflict(err: ConditionConflictError): boolean {
  const reasons = (err.cause as { CancellationReasons?: { Code?: string }[] } | undefined)?.CancellationReasons;
  return reasons?.[0]?.Code === 'ConditionalCheckFailed';
}

async function requestIdTaken(ctx: TableContext, requestId: string, cause: unknown): Promise<ConditionConflictError> {
  const current = await readConsistent(ctx, requestId);
  return new ConditionConflictError(`Request ${requestId} already exists`, {
    cause,
    context: { requestId, currentStatus: toRequest(current)?.status },
  });
}

async function guardedRequest(ctx: TableContext, guardKey: string): Promise<RequestRecord | undefined> {
  const target = (await readConsistent(ctx, guardKey))?.['guardFor'];
  return typeof target === 'string' ? toRequest(await readConsistent(ctx, target)) : undefined;
}

/** requestId named by a guard whose request no longer exists (it expired first), so it can be replaced. */
async function staleGuardTarget(ctx: TableContext, guardKey: string): Promise<string | undefined> {
  const target = (await readConsistent(ctx, guardKey))?.['guardFor'];
  return typeof target === 'string' ? target : undefined;
}

async function readConsistent(ctx: TableContext, requestId: string): Promise<Record<string, unknown> | undefined> {
  const input = { TableName: ctx.table, Key: { requestId }, ConsistentRead: true };
  const { Item } = await run(ctx, 'requests.create', () => ctx.doc.send(new GetCommand(input)), { requestId });
  return Item;
}
