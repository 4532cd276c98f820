// @streamer/connection-manager: send / broadcast / isActive to API Gateway WebSocket connections with
// retry, circuit breaking, metrics and graceful shutdown. Gateway adapters:
// '@streamer/connection-manager/gateway'; test doubles: '@streamer/connection-manager/testing'.
export { createConnectionManager } from './manager';
export type { ConnectionManager } from './manager';
export type { ConnectionManagerOptions } from './options';
export { messageSenderFor } from './message-sender';
export { createPublisher } from './publish';
export { BroadcastPartialFailureError } from './broadcast';
export type { BroadcastResult, BroadcastTarget } from './broadcast';
export { GatewayError, isConnectionGone, UnsendableMessageError } from './errors';
export type { GatewayPort } from './gateway/port';
export type { ConnectionManagerMetrics } from './metrics';
