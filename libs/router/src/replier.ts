import type { ServerMessage } from '@streamer/protocol';

/** What the router knows about the socket a message goes to. */
export interface SendContext {
  /**
   * True for the reply to the socket that sent the frame being routed: API Gateway just delivered
   * that frame, so the socket is live even when the store no longer lists it (an `UNAUTHORIZED` or
   * `FORBIDDEN` reply). False for messages to other sockets (a cancelled request's terminal message).
   */
  caller: boolean;
}

/**
 * The router's only way to talk to sockets. Apps back it with the connection manager's `send`;
 * tests use a recording fake. A rejection means the message did not reach the socket.
 */
export interface Replier {
  send(connectionId: string, message: ServerMessage, context: SendContext): Promise<void>;
}
