import type { ClientMessage, ServerMessage } from '@streamer/protocol';
import type { ConnectionRecord } from '@streamer/store';

/** What one `$default` invocation hands the router. */
export interface RouteInput {
  /** `requestContext.connectionId` of the sending socket. */
  connectionId: string;
  /** The frame as API Gateway delivers it; absent for an empty frame. */
  body: string | undefined | null;
  /** True for a binary frame (the body is base64). */
  isBase64Encoded?: boolean;
  /** `context.getRemainingTimeInMillis()`: bounds the sync deadline. */
  remainingTimeMs?: number;
}

/** What `route` did: the one reply sent to the caller, and whether the socket took it. */
export interface RouteResult {
  reply: ServerMessage;
  delivered: boolean;
}

/** An accepted frame from a known connection: what built-ins and handler steps work with. */
export interface RouteContext {
  message: ClientMessage;
  /** The stored connection: the only source of user and tenant. */
  connection: ConnectionRecord;
  now: number;
  remainingTimeMs: number | undefined;
}
