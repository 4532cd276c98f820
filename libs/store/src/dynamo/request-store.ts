// RequestStore on DynamoDB: every status change is a conditional UpdateItem; a lost condition
// becomes ConditionConflictError carrying the status found (ReturnValuesOnConditionCheckFailure).
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ConditionConflictError, InvalidInputError, ItemNotFoundError } from '../errors';
import type { NewRequest, RequestRecord, RequestStatus, RequestStore, StoredContinuation, StoredError } from '../model';
import { assertProgress, DEFAULT_PAGE_SIZE, newRequestRecord, ttlAfter } from '../records';
import { idempotencyGuardKey } from '../tables';
import { compact, ExpressionBuilder, queryItems, scanItems, toRequest, type Update } from './items';
import { readResultChunk, writeResultChunks } from './result-chunks';
import { run, type TableContext } from './table';

type Patch = Partial<Pick<RequestRecord, 'result' | 'resultChunks' | 'error' | 'progress' | 'progressMessage' | 'leaseExpiresAt'>>;

export class DynamoRequestStore implements RequestStore {
  constructor(private readonly ctx: TableContext) {}

  create(request: NewRequest): Promise<{ request: RequestRecord; created: boolean }> {
    return createRequest(this.ctx, request);
  }

  /** Strongly consistent read of one request (guard items read as undefined). */
  async get(requestId: string): Promise<RequestRecord | undefined> {
    return toRequest(await readConsistent(this.ctx, requestId, 'requests.get'));
  }

  async transition(requestId: string, from: readonly RequestStatus[], to: RequestStatus, patch: Patch = {}): Promise<RequestRecord> {
    if (from.length === 0) throw new InvalidInputError('transition needs at least one `from` status');
    const keepLease = to === 'processing' || patch.leaseExpiresAt !== undefined;
    const update: Update = { set: { ...patch, status: to, updatedAt: this.ctx.clock() }, remove: keepLease ? [] : ['leaseExpiresAt'] };
    return this.conditional('requests.transition', requestId, update, from, (b) => `${b.name('status')} IN (${from.map((s) => b.value(s)).join(', ')})`);
  }

  claim(requestId: string, options: { leaseMs: number; now?: number }): Promise<RequestRecord> {
    const now = options.now ?? this.ctx.clock();
    const update: Update = { set: { status: 'processing', leaseExpiresAt: now + options.leaseMs, updatedAt: now }, increment: { attempts: 1 } };
    return this.conditional('requests.claim', requestId, update, ['queued', 'processing'], (b) => {
      const status = b.name('status');
      return `${status} = ${b.value('queued')} OR (${status} = ${b.value('processing')} AND ${b.name('leaseExpiresAt')} < ${b.value(now)})`;
    });
  }

  async updateProgress(requestId: string, progress: number, message?: string): Promise<boolean> {
    assertProgress(progress);
    const b = new ExpressionBuilder();
    const updateExpression = b.update({ set: { progress, progressMessage: message, updatedAt: this.ctx.clock() } });
    const p = b.name('progress');
    const condition = `${b.name('status')} = ${b.value('processing')} AND (attribute_not_exists(${p}) OR ${p} <= ${b.value(progress)})`;
    const input = { TableName: this.ctx.table, Key: { requestId }, UpdateExpression: updateExpression, ConditionExpression: condition, ...b.attributes() };
    try {
      await run(this.ctx, 'requests.updateProgress', () => this.ctx.doc.send(new UpdateCommand(input)), { requestId });
      return true;
    } catch (err) {
      if (err instanceof ConditionConflictError) return false;
      throw err;
    }
  }

  complete(requestId: string, result: unknown): Promise<RequestRecord> {
    return this.transition(requestId, ['processing'], 'completed', { result });
  }

  fail(requestId: string, error: StoredError): Promise<RequestRecord> {
    return this.transition(requestId, ['queued', 'processing'], 'failed', { error });
  }

  cancel(requestId: string): Promise<RequestRecord> {
    return this.transition(requestId, ['queued', 'processing'], 'cancelled');
  }

  reattach(requestId: string, connectionId: string, userId: string): Promise<RequestRecord> {
    const update: Update = { set: { connectionId, updatedAt: this.ctx.clock() } };
    return this.conditional('requests.reattach', requestId, update, ['queued', 'processing'], (b) => {
      const status = b.name('status');
      return `${status} IN (${b.value('queued')}, ${b.value('processing')}) AND ${b.name('userId')} = ${b.value(userId)}`;
    });
  }

  requeue(requestId: string, error: StoredError): Promise<RequestRecord> {
    const update: Update = { set: { status: 'queued', lastError: error, updatedAt: this.ctx.clock() }, remove: ['leaseExpiresAt'] };
    return this.conditional('requests.requeue', requestId, update, ['processing'], (b) => `${b.name('status')} = ${b.value('processing')}`);
  }

  recoverLease(requestId: string, lease: { leaseExpiresAt: number; now: number }, error: StoredError): Promise<RequestRecord> {
    const update: Update = { set: { status: 'queued', lastError: error, updatedAt: this.ctx.clock() }, remove: ['leaseExpiresAt'] };
    return this.conditional('requests.recoverLease', requestId, update, ['processing'], (b) => {
      const expires = b.name('leaseExpiresAt');
      return `${b.name('status')} = ${b.value('processing')} AND ${expires} = ${b.value(lease.leaseExpiresAt)} AND ${expires} < ${b.value(lease.now)}`;
    });
  }

  continueLater(requestId: string, continuation: StoredContinuation): Promise<RequestRecord> {
    const update: Update = { set: { status: 'queued', continuation, updatedAt: this.ctx.clock() }, remove: ['leaseExpiresAt', 'lastError'] };
    return this.conditional('requests.continueLater', requestId, update, ['processing'], (b) => `${b.name('status')} = ${b.value('processing')}`);
  }

  putResultChunks(requestId: string, pieces: readonly string[], ttl: number): Promise<void> {
    return writeResultChunks(this.ctx, requestId, pieces, ttl);
  }

  resultChunk(requestId: string, index: number): Promise<string | undefined> {
    return readResultChunk(this.ctx, requestId, index);
  }

  byConnection(connectionId: string, options: { pageSize?: number } = {}): AsyncIterable<RequestRecord> {
    const input = {
      IndexName: 'ConnectionIdIndex',
      KeyConditionExpression: 'connectionId = :connectionId',
      ExpressionAttributeValues: { ':connectionId': connectionId },
    };
    return queryItems(this.ctx, 'requests.byConnection', input, (item) => toRequest(item) as RequestRecord, options.pageSize ?? DEFAULT_PAGE_SIZE);
  }

  expiredLeases(now: number, options: { pageSize?: number } = {}): AsyncIterable<RequestRecord> {
    const input = {
      FilterExpression: '#status = :processing AND leaseExpiresAt < :now',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':processing': 'processing', ':now': now },
    };
    return scanItems(this.ctx, 'requests.expiredLeases', input, (item) => toRequest(item) as RequestRecord, options.pageSize ?? DEFAULT_PAGE_SIZE);
  }

  stalledRetries(updatedBefore: number, options: { pageSize?: number } = {}): AsyncIterable<RequestRecord> {
    const input = {
      FilterExpression: '#status = :queued AND attempts >= :one AND updatedAt < :before',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':queued': 'queued', ':one': 1, ':before': updatedBefore },
    };
    return scanItems(this.ctx, 'requests.stalledRetries', input, (item) => toRequest(item) as RequestRecord, options.pageSize ?? DEFAULT_PAGE_SIZE);
  }

  /** Runs a conditional update; on a lost condition reports the status found, or not-found. */
  private async conditional(
    operation: string,
    requestId: string,
    update: Update,
    expected: readonly RequestStatus[],
    condition: (b: ExpressionBuilder) => string,
  ): Promise<RequestRecord> {
    const b = new ExpressionBuilder();
    const input = {
      TableName: this.ctx.table,
      Key: { requestId },
      UpdateExpression: b.update(update),
      ConditionExpression: condition(b),
      ...b.attributes(),
      ReturnValues: 'ALL_NEW' as const,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    try {
      const { Attributes } = await run(this.ctx, operation, () => this.ctx.doc.send(new UpdateCommand(input)), { requestId });
      return toRequest(Attributes) as RequestRecord;
    } catch (err) {
      throw err instanceof ConditionConflictError ? conflictDetails(err, requestId, expected) : err;
    }
  }
}

function conflictDetails(err: ConditionConflictError, requestId: string, expected: readonly RequestStatus[]): Error {
  const raw = (err.cause as { Item?: Parameters<typeof unmarshall>[0] } | undefined)?.Item;
  const current = raw ? toRequest(unmarshall(raw)) : undefined;
  if (!current) return new ItemNotFoundError(`Request ${requestId} not found`, { cause: err.cause, context: { requestId } });
  return new ConditionConflictError(`Request ${requestId} is ${current.status}, expected ${expected.join('|')}`, {
    cause: err.cause,
    context: { ...err.context, requestId, currentStatus: current.status, expected },
  });
}

// Idempotent create on (tenantId, userId, clientId): one transaction writes the request and a guard
// item (key `idem#<tenantId>#<userId>#<clientId>`, `guardFor` = requestId, same TTL). If the guard exists, the
// existing request is returned with created=false. Guard items have no `status`, so stream
// consumers filtering on `status = queued` ignore their INSERT records.

/**
 * `extra` transaction items (a quota take) are written with the request or not at all; when one of
 * them fails its condition, and the guard did not, the ConditionConflictError is rethrown as it is.
 */
export async function createRequest(
  ctx: TableContext,
  request: NewRequest,
  extra: readonly TransactItem[] = [],
): Promise<{ request: RequestRecord; created: boolean }> {
  const now = request.now ?? ctx.clock();
  const record = newRequestRecord(request, now);
  const guardKey = idempotencyGuardKey(record.tenantId, record.userId, record.clientId);
  for (let attempt = 0; attempt < 2; attempt++) {
    const staleGuardFor = attempt === 0 ? undefined : await staleGuardTarget(ctx, guardKey);
    try {
      await writeWithGuard(ctx, record, guardKey, now, staleGuardFor, extra);
      return { request: record, created: true };
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
      if (!guardConflict(err) && failedAt(err) >= 2) throw err;
      if (!guardConflict(err)) throw await requestIdTaken(ctx, record.requestId, err);
      const existing = await guardedRequest(ctx, guardKey);
      if (existing) return { request: existing, created: false };
    }
  }
  throw new ConditionConflictError(`Request for client id ${record.clientId} is being created concurrently`, {
    context: { requestId: record.requestId },
  });
}

type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

function writeWithGuard(ctx: TableContext, record: RequestRecord, guardKey: string, now: number, staleGuardFor: string | undefined, extra: readonly TransactItem[]) {
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
      ...extra,
    ],
  };
  return run(ctx, 'requests.create', () => ctx.doc.send(new TransactWriteCommand(input)), { requestId: record.requestId });
}

/** True when the guard (first transaction item) failed its condition. */
function guardConflict(err: ConditionConflictError): boolean {
  return failedAt(err) === 0;
}

/** Index of the first transaction item whose condition failed (reasons come in request order), or -1. */
export function failedAt(err: ConditionConflictError): number {
  const reasons = (err.cause as { CancellationReasons?: { Code?: string }[] } | undefined)?.CancellationReasons ?? [];
  return reasons.findIndex((reason) => reason.Code === 'ConditionalCheckFailed');
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

async function readConsistent(ctx: TableContext, requestId: string, operation = 'requests.create'): Promise<Record<string, unknown> | undefined> {
  const input = { TableName: ctx.table, Key: { requestId }, ConsistentRead: true };
  const { Item } = await run(ctx, operation, () => ctx.doc.send(new GetCommand(input)), { requestId });
  return Item;
}
