// The one outbound port: how the router and the processor reach a WebSocket. Both are feature libs
// and may not import the connection manager; the apps wire its adapter (`messageSenderFor` in
// @streamer/connection-manager) in here. Tests use RecordingMessageSender from ./testing.

/**
 * Sends one server message (a `ServerMessage` of `@streamer/protocol`, the type argument its users
 * give) to one connection.
 *
 * Resolves once the message reached the socket. Rejects when it did not; the error then has
 * `retryable: true` when the failure was transient and the socket may still be there (5xx, 429, an
 * open circuit — after the sender's own retries), and not when sending again cannot help (the socket
 * is gone: 410, or its connection is no longer stored). Callers log a rejection; they never fail their
 * own work because of one.
 */
export interface MessageSender<Message = unknown> {
  send(
    connectionId: string,
    message: Message,
    options?: {
      /**
       * The socket is known to be live: it sent the frame being answered, and API Gateway just
       * delivered that frame — even when the store no longer lists it (an `UNAUTHORIZED` or `FORBIDDEN`
       * reply). The sender skips its status read. Default false: the store decides whether the
       * connection is still there.
       */
      verified?: boolean;
    },
  ): Promise<void>;
}
