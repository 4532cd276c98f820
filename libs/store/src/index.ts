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
