// The store's contract: records and the narrow repository interfaces every consumer codes against.
// Both implementations (DynamoDB, and the in-memory fakes in ./testing) satisfy these and pass the
// same contract suite. Times are epoch milliseconds; `ttl` is epoch seconds (DynamoDB TTL).

export type ConnectionStatus = 'CONNECTED' | 'DISCONNECTED';

export interface ConnectionRecord {
  connectionId: string;
  userId: string;
  tenantId: string;
  status: ConnectionStatus;
  /** Management-API endpoint the connection lives on, e.g. https://{domain}/{stage}. */
  endpoint: string;
  connectedAt: number;
  lastActiveAt: number;
  disconnectedAt?: number;
  ttl: number;
  /**
   * Epoch ms from which the token that opened the connection is refused (its `exp` plus the verifier's
   * clock tolerance): the router answers a frame from then on with `UNAUTHORIZED` and closes the socket.
   * Read from the item (`get`, `admit`); the GSIs do not copy it, so index listings leave it out.
   * Absent on connections stored without it (nothing is enforced then).
   */
  tokenExpiresAt?: number;
}

export interface Page<T> {
  items: T[];
  /** Opaque, validated continuation token; absent on the last page. */
  nextToken?: string;
}

export interface TokenBucket {
  ratePerSecond: number;
  burst: number;
}

export interface TokenDecision {
  allowed: boolean;
  /** When not allowed: how long until one token is available. */
  retryAfterMs: number;
}

/** What `admit` found: the connection as stored after the take, and the rate-limit decision. */
export interface Admission {
  connection: ConnectionRecord;
  /** For a connection that is not CONNECTED no token is taken: `{allowed: false, retryAfterMs: 0}`. */
  decision: TokenDecision;
}

/** A connection `markDisconnected` marked (or found marked), and the topics to unsubscribe it from. */
export interface Disconnection {
  connection: ConnectionRecord;
  /**
   * The topics the connection's item listed (kept by SubscriptionStore `add`/`remove`), handed over
   * once: the mark clears the list, so a second mark reports none. (A connection set DISCONNECTED by
   * `updateStatus` keeps its list until it is marked.)
   */
  topics: readonly string[];
}

export interface MarkDisconnectedOptions {
  /** disconnectedAt; default now. */
  at?: number;
  /** Audit TTL (epoch seconds); default `at` + 1 h. */
  ttl?: number;
  /** Epoch ms: mark only if `lastActiveAt` < this (stale-connection cleanup racing a fresh frame). */
  ifInactiveSince?: number;
}

/** A CONNECTED connection as the activity walk sees it. */
export interface ActivityEntry {
  connectionId: string;
  lastActiveAt: number;
  tenantId: string;
}

/** A position in the activity walk: a shard, and the last entry read in it (none: its start). */
export interface ActivityCursor {
  shard: number;
  last?: Pick<ActivityEntry, 'connectionId' | 'lastActiveAt'>;
}

export interface ActivityPage {
  items: ActivityEntry[];
  next?: ActivityCursor;
}

export interface ConnectionStore {
  put(connection: ConnectionRecord): Promise<void>;
  get(connectionId: string): Promise<ConnectionRecord | undefined>;
  /** Sets lastActiveAt; a missing connection is ignored (it may have just disconnected). */
  touch(connectionId: string, at?: number): Promise<void>;
  /**
   * The write behind `ConnectionLifecycle.retire` (which also drops the subscriptions: end connections
   * through it). CONNECTED → DISCONNECTED with a short audit TTL; idempotent; undefined when unknown. With
   * `ifInactiveSince`, only a connection whose `lastActiveAt` is still before that time is marked (a
   * conditional write): one that was active since then is left alone and undefined is returned.
   * One round trip: the connection comes back with the topics its item listed.
   */
  markDisconnected(connectionId: string, options?: MarkDisconnectedOptions): Promise<Disconnection | undefined>;
  /** Admin status change; throws ItemNotFoundError when unknown. */
  updateStatus(connectionId: string, status: ConnectionStatus): Promise<ConnectionRecord>;
  delete(connectionId: string): Promise<void>;
  /**
   * CONNECTED connections of a user, fetched page by page (UserIdIndex). A user is (tenant, sub): with
   * `tenantId`, only the user's connections in that tenant (every push passes it; the admin listing
   * may leave it out to see the `sub` in every tenant).
   */
  byUser(userId: string, options?: { pageSize?: number; tenantId?: string }): AsyncIterable<ConnectionRecord>;
  /** CONNECTED connections of a tenant, fetched page by page (TenantIdIndex). */
  byTenant(tenantId: string, options?: { pageSize?: number }): AsyncIterable<ConnectionRecord>;
  /**
   * Broadcast recipients: the ids of a tenant's CONNECTED connections, or of one user's in that tenant
   * with `userId`, one page (array) at a time, the next page read ahead. Only the ids are read; without
   * `pageSize` the first pages are small (500, then 2 000: the caller starts sooner) and the rest hold
   * as many as DynamoDB returns in one call (up to 1 MB read).
   */
  connectedIds(scope: { tenantId: string; userId?: string }, options?: { pageSize?: number }): AsyncIterable<readonly string[]>;
  /** Admin listing of CONNECTED connections; a forged or foreign token → InvalidPageTokenError. */
  page(options: { limit: number; nextToken?: string }): Promise<Page<ConnectionRecord>>;
  /**
   * One page of the walk over every CONNECTED connection, least recently active first, shard by shard
   * (the sparse ConnectedActivityIndex: DISCONNECTED items are never read). Starts at the beginning,
   * or just after `after`; `next` is absent once the walk has passed the last shard. A connection
   * touched after the walk passed it moves ahead and may be met again; none is skipped.
   */
  activityPage(options: { after?: ActivityCursor; limit: number }): Promise<ActivityPage>;
  /** The position a bounded walk (the hourly cleanup) stopped at, kept in the table; undefined when none. */
  loadCleanupCursor(): Promise<ActivityCursor | undefined>;
  /** Keeps the cleanup's position for its next run; undefined clears it (the next run starts over). */
  saveCleanupCursor(cursor: ActivityCursor | undefined): Promise<void>;
  /**
   * Atomic token-bucket take for per-connection rate limiting (state kept on the connection item) that
   * also proves the connection CONNECTED and returns it: one conditional UpdateItem in the common case.
   * Unknown connection → ItemNotFoundError; not CONNECTED → no token taken (see `Admission`).
   */
  admit(connectionId: string, bucket: TokenBucket, now?: number): Promise<Admission>;
}

export type RequestStatus = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';
export const TERMINAL_STATUSES: readonly RequestStatus[] = ['completed', 'failed', 'cancelled'];

export interface StoredError {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * How a result too large for one message is stored: `count` pieces of its JSON text (separate items,
 * read with `RequestStore.resultChunk`), `bytes` UTF-8 bytes in all and their CRC-32.
 */
export interface StoredResultChunks {
  count: number;
  bytes: number;
  crc32: number;
}

/** A job that checkpointed: the handler's state for its next invocation, and how far the job has come. */
export interface StoredContinuation {
  /** What the handler passed to `continueWith` (any JSON value). */
  state: unknown;
  /** Invocations the job has ended so far with a continuation (1 after the first). */
  segments: number;
  /** `attempts` when the job last continued: retries are counted from there, not from the job's start. */
  attemptBase: number;
}

export interface RequestRecord {
  requestId: string;
  connectionId: string;
  userId: string;
  tenantId: string;
  /** The client's correlation `id`; unique per user while the request is known. */
  clientId: string;
  action: string;
  payload: Record<string, unknown>;
  status: RequestStatus;
  progress: number;
  progressMessage?: string;
  result?: unknown;
  /** Set instead of `result` when the result was stored in pieces (`putResultChunks`). */
  resultChunks?: StoredResultChunks;
  /** Set while a job runs across invocations (`continueLater`). */
  continuation?: StoredContinuation;
  error?: StoredError;
  /** Error of the last failed attempt, kept by `requeue` while the request waits for its retry. */
  lastError?: StoredError;
  attempts: number;
  leaseExpiresAt?: number;
  createdAt: number;
  updatedAt: number;
  ttl: number;
}

export type NewRequest = Pick<
  RequestRecord,
  'requestId' | 'connectionId' | 'userId' | 'tenantId' | 'clientId' | 'action' | 'payload'
> & { now?: number; ttl?: number };

export interface RequestStore {
  /** Conditional create, idempotent on (userId, clientId): an existing request is returned with created=false. */
  create(request: NewRequest): Promise<{ request: RequestRecord; created: boolean }>;
  get(requestId: string): Promise<RequestRecord | undefined>;
  /** Conditional status change; throws ConditionConflictError when the current status is not in `from`. */
  transition(
    requestId: string,
    from: readonly RequestStatus[],
    to: RequestStatus,
    patch?: Partial<Pick<RequestRecord, 'result' | 'resultChunks' | 'error' | 'progress' | 'progressMessage' | 'leaseExpiresAt'>>,
  ): Promise<RequestRecord>;
  /** queued, or processing with an expired lease → processing, attempts+1, new lease. Conflict otherwise. */
  claim(requestId: string, options: { leaseMs: number; now?: number }): Promise<RequestRecord>;
  /** Monotonic: applies only while processing and when `progress` ≥ the stored value; returns whether it applied. */
  updateProgress(requestId: string, progress: number, message?: string): Promise<boolean>;
  complete(requestId: string, result: unknown): Promise<RequestRecord>;
  fail(requestId: string, error: StoredError): Promise<RequestRecord>;
  /** queued|processing → cancelled; conflict when already terminal. */
  cancel(requestId: string): Promise<RequestRecord>;
  /**
   * Moves a pending (queued|processing) request of `userId` to another of that user's connections, so
   * progress and the result follow a client that reconnected. Conflict when terminal or not the user's.
   */
  reattach(requestId: string, connectionId: string, userId: string): Promise<RequestRecord>;
  /** processing → queued for a delayed retry (lease cleared, error kept as lastError). */
  requeue(requestId: string, error: StoredError): Promise<RequestRecord>;
  /**
   * Recovery of a run that died: processing with exactly the lease `leaseExpiresAt`, ended before `now` →
   * queued (lease cleared, `error` kept as lastError). A lease renewed or taken by another run since it was
   * read, a settled request, or a lease still running → ConditionConflictError: a live run is never robbed.
   */
  recoverLease(requestId: string, lease: { leaseExpiresAt: number; now: number }, error: StoredError): Promise<RequestRecord>;
  /**
   * processing → queued to run again as the next invocation of a long job: stores `continuation`
   * (lease and lastError cleared). Conflict when the request is no longer processing (e.g. cancelled).
   */
  continueLater(requestId: string, continuation: StoredContinuation): Promise<RequestRecord>;
  /**
   * Stores the pieces of a large result as items of their own (each under DynamoDB's 400 KB item
   * limit), kept until `ttl` (epoch seconds). Complete the request with `resultChunks` afterwards.
   */
  putResultChunks(requestId: string, pieces: readonly string[], ttl: number): Promise<void>;
  /** Piece `index` of a stored large result; undefined when there is none. */
  resultChunk(requestId: string, index: number): Promise<string | undefined>;
  byConnection(connectionId: string, options?: { pageSize?: number }): AsyncIterable<RequestRecord>;
  /** processing requests whose lease ended before `now` (for recovery), page by page. */
  expiredLeases(now: number, options?: { pageSize?: number }): AsyncIterable<RequestRecord>;
  /**
   * `queued` requests that already ran (attempts ≥ 1) and were last updated before `updatedBefore`:
   * re-queued for a retry whose message never arrived (for recovery), page by page.
   */
  stalledRetries(updatedBefore: number, options?: { pageSize?: number }): AsyncIterable<RequestRecord>;
}

export interface SubscriptionRecord {
  tenantId: string;
  topic: string;
  connectionId: string;
  userId: string;
  createdAt: number;
  ttl: number;
}

export interface SubscriptionStore {
  /** Also adds the topic to the connection's item (when it exists), so `$disconnect` knows it. */
  add(subscription: Omit<SubscriptionRecord, 'createdAt' | 'ttl'> & { ttl?: number; now?: number }): Promise<void>;
  /** Also drops the topic from the connection's item. */
  remove(tenantId: string, topic: string, connectionId: string): Promise<void>;
  /** Deletes the connection's subscriptions to `topics` of its tenant; returns how many keys were deleted. */
  removeTopics(tenantId: string, connectionId: string, topics: readonly string[]): Promise<number>;
  /** Subscribers of a topic within one tenant only, page by page. */
  byTopic(tenantId: string, topic: string, options?: { pageSize?: number }): AsyncIterable<SubscriptionRecord>;
  /** Broadcast recipients: the subscribers' connection ids, one page (array) at a time (see `connectedIds`). */
  subscriberIds(tenantId: string, topic: string, options?: { pageSize?: number }): AsyncIterable<readonly string[]>;
  /** Finds them by the ConnectionIdIndex (for a connection whose item is gone); returns how many were removed. */
  removeAllForConnection(connectionId: string): Promise<number>;
}

/** One stored topic event: its place in the topic (`seq`, from 1), when it was published, its data. */
export interface TopicEvent {
  seq: number;
  /** Epoch milliseconds. */
  publishedAt: number;
  data: unknown;
}

export interface AppendTopicEvent {
  tenantId: string;
  topic: string;
  /** Any JSON value. */
  data: unknown;
  /** Epoch ms of publication; default the store's clock. */
  now?: number;
  /** How long the event is kept for replay (DynamoDB TTL: `ttl` = now in seconds + this). */
  retentionSeconds: number;
}

export interface ReadTopicEvents {
  tenantId: string;
  topic: string;
  /** Events with `seq` > `after` are read (0 = from the first). */
  after: number;
  /** At most this many events (1–1000, default 1000). */
  limit?: number;
  /** Epoch ms: events whose `ttl` has passed at this time are skipped; default the store's clock. */
  now?: number;
}

export interface TopicEventPage {
  /** Retained events after `after`, ascending by `seq`. */
  events: TopicEvent[];
  /** The topic's latest `seq` (0 before its first event). */
  head: number;
  /** True when events after `after` have expired, so the first one returned is not `after + 1`. */
  truncated: boolean;
}

/**
 * The topic events kept for replay, per (tenant, topic). `append` gives out `seq` gap-free and strictly
 * increasing under concurrent publishers; a publisher that keeps losing the race gets
 * `SequenceContentionError` (retryable).
 */
export interface TopicEventStore {
  append(event: AppendTopicEvent): Promise<{ seq: number; publishedAt: number }>;
  read(query: ReadTopicEvents): Promise<TopicEventPage>;
}

export interface Stores {
  connections: ConnectionStore;
  requests: RequestStore;
  subscriptions: SubscriptionStore;
  events: TopicEventStore;
}
