import { type PingMessage, pong, type PongMessage } from '@streamer/protocol';

/** `ping` → `pong` with the same id (also keeps the socket under API Gateway's idle limit). */
export function ping(message: PingMessage): PongMessage {
  return pong(message.id);
}
