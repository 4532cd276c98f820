// `@streamer/store`: the store's ports and records, the connection lifecycle, the error family and the
// table layout. The DynamoDB adapters are behind `@streamer/store/dynamo`, DynamoDB Local behind
// `@streamer/store/local`, the in-memory fakes behind `@streamer/store/testing`.
export {
  ConditionConflictError,
  InvalidPageTokenError,
  ItemNotFoundError,
  StoreConfigError,
  StoreUnavailableError,
} from './errors';
export { ConnectionLifecycle } from './lifecycle';
export type { QuotaRelease } from './lifecycle';
export { TERMINAL_STATUSES } from './model';
export type {
  ActivityCursor,
  ActivityEntry,
  Admission,
  ConnectionRecord,
  ConnectionStore,
  NewRequest,
  RequestRecord,
  RequestStore,
  StoredContinuation,
  StoredError,
  Stores,
  SubscriptionStore,
  TokenBucket,
  TokenDecision,
  TopicEventStore,
} from './model';
export type { QuotaLimits, QuotaPolicy, QuotaStore } from './quotas';
export { CONNECTION_TTL_SECONDS, DISCONNECTED_AUDIT_TTL_SECONDS } from './records';
export { TABLE_DEFINITIONS, tableEnvVar, tableNamesFromEnv } from './tables';
export { DEFAULT_EVENT_RETENTION_SECONDS } from './topic-events';
export type { AttributeDefinition, IndexDefinition, TableDefinition, TableKind, TableNames } from './tables';
