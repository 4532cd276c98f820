// @streamer/connection-manager: send / broadcast / isActive to API Gateway WebSocket connections with
// retry, circuit breaking, metrics and graceful shutdown. Test doubles: '@streamer/connection-manager/testing'.
export { createConnectionManager } from './manager';
export type { ConnectionManager, SendOptions } from './manager';
export { messageSenderFor } from './message-sender';
export type { Clock, CleanupOptions, ConnectionManagerOptions } from './options';
export type { BroadcastTarget } from './broadcast';
export type { BroadcastOptions } from './broadcast-run';
export { BroadcastPartialFailureError } from './broadcast-result';
export type { BroadcastResult, FailedDelivery } from './broadcast-result';
export {
  CircuitOpenError,
  ConnectionError,
  ConnectionNotFoundError,
  ConnectionStaleError,
  ShutdownError,
  UnsendableMessageError,
} from './errors';
export type { CircuitScope, ConnectionErrorCode, ConnectionErrorJson, ConnectionErrorOptions, UnsendableMessageReason } from './errors';
export { isConnectionGone } from './is-connection-gone';
export { encodeMessage, MAX_MESSAGE_BYTES } from './message';
export { backoffDelay, DEFAULT_RETRY_POLICY } from './retry';
export type { RetryPolicy, Sleep } from './retry';
export { DEFAULT_BREAKER } from './breaker';
export type { BreakerOptions, BreakerState } from './breaker';
export { DEFAULT_CONNECTION_FAILURES } from './connection-failures';
export type { ConnectionFailureOptions } from './connection-failures';
export { DEFAULT_TOUCH } from './touch';
export type { TouchOptions } from './touch';
export type { ManagerLogger } from './logger';
export type { LatencySummary } from './metrics';
export type { ConnectionManagerMetrics } from './metrics-snapshot';
export type { MetricsSink } from './metrics-emf';
export type { ShutdownReport } from './shutdown';
export { createGateway } from './gateway/create-gateway';
export type { GatewayConfig } from './gateway/create-gateway';
export { SdkGateway } from './gateway/sdk-gateway';
export type { SdkGatewayOptions } from './gateway/sdk-gateway';
export { SignedHttpGateway } from './gateway/signed-gateway';
export type { SignedHttpGatewayOptions } from './gateway/signed-gateway';
export { GatewayError, MANAGE_CONNECTIONS_HINT } from './gateway/errors';
export type { GatewayErrorKind, GatewayOperation } from './gateway/errors';
export type { ClosableGateway, GatewayConnectionInfo, GatewayPort } from './gateway/port';
export type { GatewayCredentials } from './gateway/credentials';
export { parseEndpoint } from './gateway/endpoint';
export type { ManagementEndpoint } from './gateway/endpoint';
