import { type ErrorMessage, type EventMessage, parseServerMessage, type ServerMessage, type WireError } from '@streamer/protocol';
import { type Logger } from './logger';
import { type RequestReply } from './request-state';

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
