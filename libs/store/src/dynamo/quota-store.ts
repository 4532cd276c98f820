// QuotaStore on DynamoDB. The quota items live in the connections table under `quota#…` keys (see
// quotas.ts): they carry no `status`, `userId` or `tenantId`, so the GSIs and the status-filtered
// scans never see them. A place is taken by a conditional write on the item that counts it — `ADD`
// of the id to a string set while `size(members) < share` (or the id is already there), or `ADD` of a
// claim's slots to a window counter while it stays within its share (rate-claims.ts) — so concurrent
// takes never exceed a limit.
// Condition expressions and `size`: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html
// A transaction fails with TransactionCanceledException, its reasons in request order:
// https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html
import { BatchGetCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { sleep } from '@streamer/kernel';
import { ConditionConflictError, StoreThrottledError } from '../errors';
import { type ConnectionRecord, type NewRequest, type RequestStatus, TERMINAL_STATUSES, type TokenDecision } from '../model';
import {
  type ConnectionAdmission,
  type ConnectionHolder,
  connectionTakes,
  HealPauses,
  JOB_RETRY_AFTER_MS,
  type JobAdmission,
  type JobHolder,
  type QuotaLimits,
  type QuotaStore,
  type SetTake,
  userJobsKey,
} from '../quotas';
import { type ClaimOutcome, type RateWindow, TenantRateClaims } from '../rate-claims';
import { CONNECTION_TTL_SECONDS, REQUEST_TTL_SECONDS, ttlAfter } from '../records';
import { connectionItem } from './connection-store';
import { itemOnConflict } from './items';
import { createRequest, failedAt } from './request-store';
import { run, type TableContext } from './table';

/** A take refused on a set whose members were not all alive is retried once the dead are dropped. */
const MAX_ADMIT_ROUNDS = 3;
/** Transactions on one quota item conflict when they overlap; each retry waits a little longer. */
const MAX_CONTENTION_RETRIES = 5;

export class DynamoQuotaStore implements QuotaStore {
  private readonly pauses = new HealPauses();
  private readonly rateClaims = new TenantRateClaims((window, slots) => this.claimSlots(window, slots));

  /** `connections` holds the quota items and the connections; `requests` is read to verify job members. */
  constructor(
    private readonly connections: TableContext,
    private readonly requests: TableContext,
  ) {}

  async admitConnection(connection: ConnectionRecord, limits: QuotaLimits): Promise<ConnectionAdmission> {
    const takes = connectionTakes(connection, limits);
    if (takes.length === 0) {
      const input = { TableName: this.connections.table, Item: connectionItem(connection) };
      await run(this.connections, 'connections.put', () => this.connections.doc.send(new PutCommand(input)));
      return { admitted: true };
    }
    let refused: SetTake | undefined;
    for (let round = 0; round < MAX_ADMIT_ROUNDS; round += 1) {
      refused = await this.putWithTakes(connection, takes);
      if (refused === undefined) return { admitted: true };
      if (!(await this.dropDead(refused.key, this.connections, 'connectionId', (item) => item['status'] === 'CONNECTED'))) break;
    }
    return { admitted: false, reason: (refused as SetTake).reason };
  }

  async releaseConnection(connection: ConnectionHolder, limits: QuotaLimits): Promise<void> {
    const keys = connectionTakes(connection, limits).map((take) => take.key);
    await Promise.all(keys.map((key) => this.removeMembers(key, [connection.connectionId])));
  }

  async takeTenantRate(tenantId: string, limits: QuotaLimits, now: number = this.connections.clock()): Promise<TokenDecision> {
    return this.rateClaims.take(tenantId, limits.requestsPerSecondPerTenant, now);
  }

  async enqueue(request: NewRequest, limits: QuotaLimits): Promise<JobAdmission> {
    if (limits.jobsPerUser <= 0) return { admitted: true, ...(await createRequest(this.requests, request)) };
    const key = userJobsKey(request.tenantId, request.userId);
    const take = { Update: { TableName: this.connections.table, Key: { connectionId: key }, ...setTake(request.requestId, limits.jobsPerUser, this.ttl(REQUEST_TTL_SECONDS)) } };
    for (let round = 0; round < MAX_ADMIT_ROUNDS; round += 1) {
      try {
        return { admitted: true, ...(await withContentionRetry(() => createRequest(this.requests, request, [take]))) };
      } catch (err) {
        if (!(err instanceof ConditionConflictError) || failedAt(err) < 2) throw err;
      }
      const alive = (item: Record<string, unknown>) => !TERMINAL_STATUSES.includes(item['status'] as RequestStatus);
      if (!(await this.dropDead(key, this.requests, 'requestId', alive))) break;
    }
    return { admitted: false, retryAfterMs: JOB_RETRY_AFTER_MS };
  }

  releaseJob(job: JobHolder): Promise<void> {
    return this.removeMembers(userJobsKey(job.tenantId, job.userId), [job.requestId]);
  }

  private ttl(seconds: number): number {
    return ttlAfter(this.connections.clock(), seconds);
  }

  /** One transaction: the connection item and a take on every set; the refused take, if one was. */
  private async putWithTakes(connection: ConnectionRecord, takes: readonly SetTake[]): Promise<SetTake | undefined> {
    const table = this.connections.table;
    const ttl = this.ttl(CONNECTION_TTL_SECONDS);
    const input = {
      TransactItems: [
        { Put: { TableName: table, Item: connectionItem(connection) } },
        ...takes.map((take) => ({ Update: { TableName: table, Key: { connectionId: take.key }, ...setTake(connection.connectionId, take.share, ttl) } })),
      ],
    };
    const send = () => this.connections.doc.send(new TransactWriteCommand(input));
    try {
      await withContentionRetry(() => run(this.connections, 'quotas.admitConnection', send, { connectionId: connection.connectionId }));
      return undefined;
    } catch (err) {
      if (err instanceof ConditionConflictError) return takes[failedAt(err) - 1] ?? takes[0];
      throw err;
    }
  }

  /**
   * `ADD` of `slots` to a tenant's window counter while it stays within the share. A refused claim of
   * more than one slot reads the count back from the failure (ReturnValuesOnConditionCheckFailure:
   * ALL_OLD, no extra call), so the claim can fall back to what is left; a refused single slot needs no count.
   */
  private async claimSlots(window: RateWindow, slots: number): Promise<ClaimOutcome> {
    const input = {
      TableName: this.connections.table,
      Key: { connectionId: window.key },
      UpdateExpression: 'ADD #n :slots SET #ttl = :ttl',
      ConditionExpression: 'attribute_not_exists(#n) OR #n <= :most',
      ExpressionAttributeNames: { '#n': 'n', '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':slots': slots, ':most': window.share - slots, ':ttl': window.ttl },
      ...(slots > 1 ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
    };
    try {
      await run(this.connections, 'quotas.takeTenantRate', () => this.connections.doc.send(new UpdateCommand(input)));
      return { claimed: true };
    } catch (err) {
      if (!(err instanceof ConditionConflictError)) throw err;
      const held = itemOnConflict(err)?.['n'];
      return { claimed: false, held: typeof held === 'number' ? held : window.share };
    }
  }

  /** An UpdateItem whose lost condition is an answer (false), not an error. */
  private async conditional(operation: string, input: ConstructorParameters<typeof UpdateCommand>[0]): Promise<boolean> {
    try {
      await run(this.connections, operation, () => this.connections.doc.send(new UpdateCommand(input)));
      return true;
    } catch (err) {
      if (err instanceof ConditionConflictError) return false;
      throw err;
    }
  }

  private async removeMembers(key: string, ids: readonly string[]): Promise<void> {
    const input = {
      TableName: this.connections.table,
      Key: { connectionId: key },
      UpdateExpression: 'DELETE #m :ids',
      ConditionExpression: 'attribute_exists(#m)',
      ExpressionAttributeNames: { '#m': 'members' },
      ExpressionAttributeValues: { ':ids': new Set(ids) },
    };
    await this.conditional('quotas.release', input);
  }

  /**
   * Self-healing: reads the set (consistently), reads its members' items (consistently) and drops the
   * members whose item is gone or no longer `alive`. True when it dropped any. Paused after a heal that
   * dropped nothing (`HEAL_PAUSE_MS`).
   */
  private async dropDead(key: string, owner: TableContext, idName: string, alive: (item: Record<string, unknown>) => boolean): Promise<boolean> {
    const now = this.connections.clock();
    if (!this.pauses.due(key, now)) return false;
    const read = { TableName: this.connections.table, Key: { connectionId: key }, ConsistentRead: true };
    const { Item } = await run(this.connections, 'quotas.verify', () => this.connections.doc.send(new GetCommand(read)));
    const members = [...((Item?.['members'] as Set<string> | undefined) ?? [])];
    const living = new Set<string>();
    for (let start = 0; start < members.length; start += 100) {
      for (const item of await batchRead(owner, idName, members.slice(start, start + 100))) if (alive(item)) living.add(item[idName] as string);
    }
    const dead = members.filter((id) => !living.has(id));
    if (dead.length > 0) await this.removeMembers(key, dead);
    this.pauses.record(key, dead.length > 0, now);
    return dead.length > 0;
  }
}

/** Adds `id` to the set while it has fewer than `share` members (a member already there is admitted again). */
function setTake(id: string, share: number, ttl: number) {
  return {
    UpdateExpression: 'ADD #m :ids SET #ttl = :ttl',
    ConditionExpression: 'attribute_not_exists(#m) OR size(#m) < :share OR contains(#m, :id)',
    ExpressionAttributeNames: { '#m': 'members', '#ttl': 'ttl' },
    ExpressionAttributeValues: { ':ids': new Set([id]), ':id': id, ':share': share, ':ttl': ttl },
  };
}

/**
 * Transactions on one item conflict when they overlap (TransactionConflict, a StoreThrottledError
 * here): a burst of takes on one user's or shard's set is retried with a growing, jittered pause.
 */
async function withContentionRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await call();
    } catch (err) {
      if (!(err instanceof StoreThrottledError) || attempt >= MAX_CONTENTION_RETRIES) throw err;
      await sleep(Math.random() * 10 * 2 ** attempt);
    }
  }
}

/** Consistent BatchGetItem of up to 100 keys, retrying unprocessed keys a few times. */
async function batchRead(ctx: TableContext, idName: string, ids: readonly string[]): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  let keys: Record<string, unknown>[] = ids.map((id) => ({ [idName]: id }));
  for (let attempt = 0; keys.length > 0 && attempt < 5; attempt += 1) {
    if (attempt > 0) await sleep(10 * 2 ** attempt);
    const input = {
      RequestItems: { [ctx.table]: { Keys: keys, ConsistentRead: true, ProjectionExpression: '#id, #status', ExpressionAttributeNames: { '#id': idName, '#status': 'status' } } },
    };
    const output = await run(ctx, 'quotas.verify', () => ctx.doc.send(new BatchGetCommand(input)));
    found.push(...(output.Responses?.[ctx.table] ?? []));
    keys = output.UnprocessedKeys?.[ctx.table]?.Keys ?? [];
  }
  if (keys.length > 0) throw new StoreThrottledError('quotas.verify: DynamoDB left keys unprocessed', { context: { table: ctx.table } });
  return found;
}
