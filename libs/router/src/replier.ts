import type { ServerMessage } from '@streamer/protocol';

/**
 * The router's only way to talk to sockets. Apps back it with the connection manager's `send`;
 * tests use a recording fake. A rejection means the message did not reach the socket.
 */
export interface Replier {
  send(connectionId: string, message: ServerMessage): Promise<void>;
}
