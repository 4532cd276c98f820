import type { BuiltinAction, RequestRefPayload, TopicPayload } from './actions';

/** A JSON object payload (parsed payloads are plain objects without `__proto__` keys). */
export type Payload = Record<string, unknown>;

/** `{ id, action: 'ping' }` — answered with `pong`. */
export interface PingMessage {
  id: string;
  action: 'ping';
  payload?: Payload;
}

/** `{ id, action: 'subscribe', payload: { topic } }` */
export interface SubscribeMessage {
  id: string;
  action: 'subscribe';
  payload: TopicPayload;
}

/** `{ id, action: 'unsubscribe', payload: { topic } }` */
export interface UnsubscribeMessage {
  id: string;
  action: 'unsubscribe';
  payload: TopicPayload;
}

/** `{ id, action: 'status', payload: { requestId } }` — answered with a `result` of `RequestStatusView`. */
export interface StatusMessage {
  id: string;
  action: 'status';
  payload: RequestRefPayload;
}

/** `{ id, action: 'cancel', payload: { requestId } }` */
export interface CancelMessage {
  id: string;
  action: 'cancel';
  payload: RequestRefPayload;
}

/** A message for a registered handler. `P` is the handler's payload type. */
export interface HandlerMessage<P extends object = Payload> {
  id: string;
  action: string;
  payload?: P;
}

/** Built-in messages keyed by action. */
export interface BuiltinMessages {
  ping: PingMessage;
  subscribe: SubscribeMessage;
  unsubscribe: UnsubscribeMessage;
  status: StatusMessage;
  cancel: CancelMessage;
}

/** One built-in message. */
export type BuiltinMessage = BuiltinMessages[BuiltinAction];

/** Any client → server message. Narrow built-ins with `isAction(message, 'subscribe')`. */
export type ClientMessage = BuiltinMessage | HandlerMessage;

/** True when `message` is the built-in `action` (its payload was validated by the parser). */
export function isAction<A extends BuiltinAction>(message: ClientMessage, action: A): message is BuiltinMessages[A] {
  return message.action === action;
}
