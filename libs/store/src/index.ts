export type {
  ConnectionRecord,
  ConnectionStatus,
  ConnectionStore,
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
  DISCONNECTED_AUDIT_TTL_SECONDS,
  REQUEST_TTL_SECONDS,
  SUBSCRIPTION_TTL_SECONDS,
} from './defaults';
