// The router's Replier, backed by the connection manager (retry, circuit breaker, 410 cleanup).
// A reply to the calling socket is a verified send: API Gateway just delivered the frame being
// answered, so the socket is live even when the store no longer lists it — that is how an
// UNAUTHORIZED or FORBIDDEN reply reaches a socket whose record is missing or marked disconnected.
// Messages to other sockets (a cancelled request's terminal message) go through the store lookup.
import type { ConnectionManager } from '@streamer/connection-manager';
import type { Replier } from '@streamer/router';

export function createManagerReplier(manager: Pick<ConnectionManager, 'send'>): Replier {
  return {
    send: (connectionId, message, { caller }) =>
      manager.send(connectionId, message, {
        verified: caller,
        ...('id' in message && message.id !== null ? { correlationId: message.id } : {}),
      }),
  };
}
