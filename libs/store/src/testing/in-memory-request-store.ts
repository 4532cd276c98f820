import { ConditionConflictError, InvalidInputError, ItemNotFoundError } from '../errors';
import type { NewRequest, RequestRecord, RequestStatus, RequestStore, StoredContinuation, StoredError } from '../model';
import { assertProgress, newRequestRecord, ttlAfter } from '../records';
import { idempotencyGuardKey, resultChunkKey } from '../tables';
import { type InMemoryStoreOptions, pagedFrom } from './in-memory-options';

type Patch = Partial<Pick<RequestRecord, 'result' | 'resultChunks' | 'continuation' | 'error' | 'lastError' | 'progress' | 'progressMessage' | 'leaseExpiresAt'>>;

interface Guard {
  requestId: string;
  ttl: number;
}

/** In-memory RequestStore with the same conditions, idempotency and errors as the DynamoDB one. */
export class InMemoryRequestStore implements RequestStore {
  private readonly items = new Map<string, RequestRecord>();
  private readonly guards = new Map<string, Guard>();
  private readonly chunks = new Map<string, string>();
  private readonly clock: () => number;

  constructor(options: InMemoryStoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  async create(request: NewRequest): Promise<{ request: RequestRecord; created: boolean }> {
    const now = request.now ?? this.clock();
    const guardKey = idempotencyGuardKey(request.tenantId, request.userId, request.clientId);
    const existing = this.known(request);
    if (existing) return { request: existing, created: false };
    const taken = this.items.get(request.requestId);
    if (taken) throw conflict(taken, [], `Request ${request.requestId} already exists`);
    const record = newRequestRecord(request, now);
    this.items.set(record.requestId, record);
    this.guards.set(guardKey, { requestId: record.requestId, ttl: record.ttl });
    return { request: structuredClone(record), created: true };
  }

  /** The request the user's client id already names (its guard not expired), as `create` would return it. */
  known(request: NewRequest): RequestRecord | undefined {
    const guard = this.guards.get(idempotencyGuardKey(request.tenantId, request.userId, request.clientId));
    const existing = guard && guard.ttl >= ttlAfter(request.now ?? this.clock(), 0) ? this.items.get(guard.requestId) : undefined;
    return existing && structuredClone(existing);
  }

  async get(requestId: string): Promise<RequestRecord | undefined> {
    const item = this.items.get(requestId);
    return item && structuredClone(item);
  }

  async transition(requestId: string, from: readonly RequestStatus[], to: RequestStatus, patch: Patch = {}): Promise<RequestRecord> {
    if (from.length === 0) throw new InvalidInputError('transition needs at least one `from` status');
    const item = this.mustGet(requestId);
    if (!from.includes(item.status)) throw conflict(item, from);
    return this.apply(item, to, patch, this.clock());
  }

  async claim(requestId: string, options: { leaseMs: number; now?: number }): Promise<RequestRecord> {
    const now = options.now ?? this.clock();
    const item = this.mustGet(requestId);
    const expired = item.status === 'processing' && item.leaseExpiresAt !== undefined && item.leaseExpiresAt < now;
    if (item.status !== 'queued' && !expired) throw conflict(item, ['queued', 'processing']);
    item.attempts += 1;
    return this.apply(item, 'processing', { leaseExpiresAt: now + options.leaseMs }, now);
  }

  async updateProgress(requestId: string, progress: number, message?: string): Promise<boolean> {
    assertProgress(progress);
    const item = this.items.get(requestId);
    if (!item || item.status !== 'processing' || item.progress > progress) return false;
    item.progress = progress;
    if (message !== undefined) item.progressMessage = message;
    item.updatedAt = this.clock();
    return true;
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

  async reattach(requestId: string, connectionId: string, userId: string): Promise<RequestRecord> {
    const item = this.mustGet(requestId);
    const pending: readonly RequestStatus[] = ['queued', 'processing'];
    if (!pending.includes(item.status) || item.userId !== userId) throw conflict(item, pending);
    item.connectionId = connectionId;
    item.updatedAt = this.clock();
    return structuredClone(item);
  }

  async requeue(requestId: string, error: StoredError): Promise<RequestRecord> {
    const item = this.mustGet(requestId);
    if (item.status !== 'processing') throw conflict(item, ['processing']);
    return this.apply(item, 'queued', { lastError: error }, this.clock());
  }

  async recoverLease(requestId: string, lease: { leaseExpiresAt: number; now: number }, error: StoredError): Promise<RequestRecord> {
    const item = this.mustGet(requestId);
    const ours = item.status === 'processing' && item.leaseExpiresAt === lease.leaseExpiresAt && lease.leaseExpiresAt < lease.now;
    if (!ours) throw conflict(item, ['processing']);
    return this.apply(item, 'queued', { lastError: error }, this.clock());
  }

  async continueLater(requestId: string, continuation: StoredContinuation): Promise<RequestRecord> {
    const item = this.mustGet(requestId);
    if (item.status !== 'processing') throw conflict(item, ['processing']);
    delete item.lastError;
    return this.apply(item, 'queued', { continuation }, this.clock());
  }

  async putResultChunks(requestId: string, pieces: readonly string[]): Promise<void> {
    pieces.forEach((data, index) => this.chunks.set(resultChunkKey(requestId, index), data));
  }

  async resultChunk(requestId: string, index: number): Promise<string | undefined> {
    return this.chunks.get(resultChunkKey(requestId, index));
  }

  byConnection(connectionId: string, options?: { pageSize?: number }): AsyncIterable<RequestRecord> {
    return pagedFrom([...this.items.values()].filter((r) => r.connectionId === connectionId), options);
  }

  expiredLeases(now: number, options?: { pageSize?: number }): AsyncIterable<RequestRecord> {
    const expired = [...this.items.values()].filter(
      (r) => r.status === 'processing' && r.leaseExpiresAt !== undefined && r.leaseExpiresAt < now,
    );
    return pagedFrom(expired, options);
  }

  stalledRetries(updatedBefore: number, options?: { pageSize?: number }): AsyncIterable<RequestRecord> {
    const stalled = [...this.items.values()].filter((r) => r.status === 'queued' && r.attempts >= 1 && r.updatedAt < updatedBefore);
    return pagedFrom(stalled, options);
  }

  private mustGet(requestId: string): RequestRecord {
    const item = this.items.get(requestId);
    if (!item) throw new ItemNotFoundError(`Request ${requestId} not found`, { context: { requestId } });
    return item;
  }

  private apply(item: RequestRecord, to: RequestStatus, patch: Patch, now: number): RequestRecord {
    if (to !== 'processing') delete item.leaseExpiresAt;
    for (const [field, value] of Object.entries(patch)) {
      if (value !== undefined) Object.assign(item, { [field]: structuredClone(value) });
    }
    item.status = to;
    item.updatedAt = now;
    return structuredClone(item);
  }
}

function conflict(item: RequestRecord, expected: readonly RequestStatus[], message?: string): ConditionConflictError {
  const text = message ?? `Request ${item.requestId} is ${item.status}, expected ${expected.join('|')}`;
  return new ConditionConflictError(text, { context: { requestId: item.requestId, currentStatus: item.status, expected } });
}
