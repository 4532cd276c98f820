// The client's side of the wire protocol: what it may send (action and topic names, payloads, the
// 128 KiB message quota, the 32 KiB frame quota) and how it reads what arrives.
import {
  ACTION_PATTERN,
  type ClientMessage,
  type ErrorMessage,
  type EventMessage,
  isSeq,
  MAX_CLIENT_FRAME_BYTES,
  parseServerMessage,
  ProtocolError,
  serialize,
  splitUtf8,
  type ServerMessage,
  TOPIC_PATTERN,
  utf8ByteLength,
  type WireError,
} from '@streamer/protocol';
import { type Logger } from '@streamer/kernel';
import { type FragmentingSocket, type WebSocketLike } from './connection';
import { StreamerError } from './errors';
import { type RequestReply } from './pending';

/** Built-ins the client manages itself; `status` and `cancel` may still be sent through `request`. */
const MANAGED_ACTIONS: readonly string[] = ['ping', 'subscribe', 'unsubscribe'];

/** Why `action` cannot be requested, or undefined when it can. */
export function actionProblem(action: string): StreamerError | undefined {
  if (typeof action !== 'string' || !ACTION_PATTERN.test(action)) {
    return new StreamerError('INVALID_REQUEST', `Invalid action name: ${String(action)}`);
  }
  if (MANAGED_ACTIONS.includes(action)) {
    return new StreamerError('INVALID_REQUEST', `"${action}" is managed by the client; use subscribe() or the heartbeat`);
  }
  return undefined;
}

/** Why `payload` cannot be sent: the protocol wants a JSON object (or nothing). */
export function payloadProblem(payload: unknown): StreamerError | undefined {
  if (payload === undefined || (typeof payload === 'object' && payload !== null && !Array.isArray(payload))) return undefined;
  return new StreamerError('INVALID_REQUEST', 'The payload must be a JSON object');
}

/** Throws `INVALID_REQUEST` unless `topic` is a valid topic name. */
export function assertTopic(topic: string): void {
  if (typeof topic !== 'string' || !TOPIC_PATTERN.test(topic)) {
    throw new StreamerError('INVALID_REQUEST', `Invalid topic name: ${String(topic)}`);
  }
}

/** Throws `INVALID_REQUEST` unless `since` is absent or a `seq` (a non-negative integer). */
export function assertSince(since: unknown): void {
  if (since !== undefined && !isSeq(since)) {
    throw new StreamerError('INVALID_REQUEST', `Invalid since: ${String(since)} (a non-negative integer seq)`);
  }
}

/**
 * Writes a message as a frame. Refuses, as `INVALID_REQUEST`, what the server would refuse anyway: a
 * message over 128 KiB would make the gateway close the socket (and a resend after reconnect would again).
 * The 32 KiB frame limit is `frameProblem`'s concern (below).
 */
export function encode(message: ClientMessage): string {
  try {
    return serialize(message);
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    throw new StreamerError('INVALID_REQUEST', error.message, { retryable: false, cause: error });
  }
}

// Writing a message within API Gateway's frame quota: a client frame over 32 KB makes the gateway
// close the socket with 1009, so a longer message goes out as fragments of at most 32 KB (up to the
// 128 KB message quota, which `serialize` already enforces).
// https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-execution-service-websocket-limits-table.html

/**
 * Why `frame` cannot be written on a socket that can (or cannot) fragment, or undefined when it can.
 * Without fragments a frame over `MAX_CLIENT_FRAME_BYTES` is refused: sent, it would close the socket,
 * and the resend after the reconnect would close it again.
 */
export function frameProblem(frame: string, fragments: boolean): StreamerError | undefined {
  if (fragments) return undefined;
  const bytes = utf8ByteLength(frame, MAX_CLIENT_FRAME_BYTES);
  if (bytes <= MAX_CLIENT_FRAME_BYTES) return undefined;
  return new StreamerError(
    'FRAME_TOO_LARGE',
    `The request is over ${MAX_CLIENT_FRAME_BYTES} bytes, API Gateway's WebSocket frame limit (32 KB), and this WebSocket ` +
      'cannot split a message into frames (browsers cannot; `ws` in Node can)',
  );
}

/** Writes `frame` as one text message: one frame, or fragments of at most `MAX_CLIENT_FRAME_BYTES`. */
export function writeFrame(socket: WebSocketLike, frame: string, fragments: boolean): void {
  const pieces = fragments ? splitUtf8(frame, MAX_CLIENT_FRAME_BYTES) : [frame];
  if (pieces.length === 1) return socket.send(frame);
  const fragmenting = socket as unknown as FragmentingSocket;
  pieces.forEach((piece, i) => fragmenting.send(piece, { fin: i === pieces.length - 1 }));
}

/** Where each kind of server message goes. */
export interface InboundHandlers {
  logger: Logger;
  onEvent(message: EventMessage): void;
  onPong(id: string): void;
  /** An `error` with `id: null`: the server could not parse something this client sent. */
  onUnaddressedError(error: WireError): void;
  /** A reply for a request or control message; false when nothing was waiting for it. */
  onReply(reply: RequestReply & { id: string }): boolean;
}

function readable(data: unknown): data is string | Uint8Array {
  return typeof data === 'string' || data instanceof Uint8Array;
}

/** Parses one frame and hands it on. A malformed frame is logged and ignored, never thrown. */
export function handleFrame(data: unknown, handlers: InboundHandlers): void {
  const parsed = readable(data) ? parseServerMessage(data) : undefined;
  if (!parsed?.ok) {
    const reason = parsed ? parsed.error.reason : 'not-text';
    handlers.logger.warn('Ignored a malformed server frame', { reason, detail: parsed?.error.message });
    return;
  }
  dispatch(parsed.message, handlers);
}

function dispatch(message: ServerMessage, handlers: InboundHandlers): void {
  if (message.type === 'event') return handlers.onEvent(message);
  if (message.type === 'pong') return handlers.onPong(message.id);
  const id = message.id;
  if (id === null) return handlers.onUnaddressedError((message as ErrorMessage).error);
  if (!handlers.onReply({ ...message, id })) {
    handlers.logger.debug('Ignored a reply nothing was waiting for', { id: message.id, type: message.type });
  }
}
