export type {
  ConnectionRecord,
  ConnectionStatus,
  ConnectionStore,
  MarkDisconnectedOptions,
  NewRequest,
  Page,
  RequestRecord,
  RequestStatus,
  RequestStore,
  Stores,
  StoredError,
  SubscriptionRecord,
  SubscriptionStore,
  TokenBucket,
  TokenDecision,
} from './model';
export { TERMINAL_STATUSES } from './model';
export {
  ConditionConflictError,
  InvalidInputError,
  InvalidPageTokenError,
  ItemNotFoundError,
  StoreConfigError,
  StoreError,
  StoreThrottledError,
  StoreUnavailableError,
  TableNotFoundError,
} from './errors';
export type { ConflictContext, StoreErrorContext, StoreErrorOptions } from './errors';
export {
  CONNECTION_TTL_SECONDS,
  DEFAULT_PAGE_SIZE,
  DISCONNECTED_AUDIT_TTL_SECONDS,
  MAX_PAGE_LIMIT,
  REQUEST_TTL_SECONDS,
  SUBSCRIPTION_TTL_SECONDS,
} from './defaults';
export { ConnectionLifecycle } from './lifecycle';
export { IDEMPOTENCY_GUARD_PREFIX, idempotencyGuardKey, subscriptionTopicKey } from './keys';
export { createDynamoDocumentClient, createDynamoStores } from './dynamo/create-dynamo-stores';
export type { DynamoStores, DynamoStoresOptions } from './dynamo/create-dynamo-stores';
export { DynamoConnectionStore } from './dynamo/dynamo-connection-store';
export { DynamoRequestStore } from './dynamo/dynamo-request-store';
export { DynamoSubscriptionStore } from './dynamo/dynamo-subscription-store';
export type { StoreLogger } from './logger';
export { TABLE_ENV_VARS, tableEnvVar, tableNamesFromEnv } from './table-names';
export type { TableKind, TableNames } from './table-names';
export {
  CONNECTIONS_TABLE,
  REQUESTS_TABLE,
  SUBSCRIPTIONS_TABLE,
  TABLE_DEFINITIONS,
  toCreateTableInput,
} from './tables';
export type { AttributeDefinition, IndexDefinition, TableDefinition } from './tables';
