// RequestStore on DynamoDB: every status change is a conditional UpdateItem; a lost condition
// becomes ConditionConflictError carrying the status found (ReturnValuesOnConditionCheckFailure).
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { DEFAULT_PAGE_SIZE } from '../defaults';
import { ConditionConflictError, InvalidInputError, ItemNotFoundError } from '../errors';
import type { NewRequest, RequestRecord, RequestStatus, RequestStore, StoredError } from '../model';
import { assertProgress } from '../records';
import { toRequest } from './items';
import { queryItems, scanItems } from './paging';
import { createRequest } from './request-create';
import { readRequest } from './request-read';
import { run, type TableContext } from './table-context';
import { ExpressionBuilder, type Update } from './update-expression';

type Patch = Partial<Pick<RequestRecord, 'result' | 'error' | 'progress' | 'progressMessage' | 'leaseExpiresAt'>>;

export class DynamoRequestStore implements RequestStore {
  constructor(private readonly ctx: TableContext) {}

  create(request: NewRequest): Promise<{ request: RequestRecord; created: boolean }> {
    return createRequest(this.ctx, request);
  }

  get(requestId: string): Promise<RequestRecord | undefined> {
    return readRequest(this.ctx, requestId);
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
