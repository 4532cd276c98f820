// The router's Replier, backed by the connection manager (retry, circuit breaker, 410 cleanup).
// A reply to the calling socket is posted even when the store no longer lists the connection (the
// socket just sent the frame being answered, so it is live): that is how an UNAUTHORIZED or FORBIDDEN
// reply reaches a socket whose record is missing or marked disconnected.
import { ConnectionNotFoundError, type ConnectionManager, encodeMessage, type GatewayPort } from '@streamer/connection-manager';
import type { Replier } from '@streamer/router';

export function createManagerReplier(manager: Pick<ConnectionManager, 'send'>, gateway: Pick<GatewayPort, 'post'>): Replier {
  return {
    async send(connectionId, message, { caller }) {
      try {
        await manager.send(connectionId, message);
      } catch (error) {
        if (!caller || !(error instanceof ConnectionNotFoundError)) throw error;
        await gateway.post(connectionId, encodeMessage(message));
      }
    },
  };
}
