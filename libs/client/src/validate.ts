import { ACTION_PATTERN, type ClientMessage, ProtocolError, serialize, TOPIC_PATTERN } from '@streamer/protocol';
import { StreamerError } from './errors';

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

/**
 * Writes a message as a frame. Refuses, as `INVALID_REQUEST`, what the server would refuse anyway: a
 * message over 128 KiB would make the gateway close the socket (and a resend after reconnect would again).
 * The 32 KiB frame limit is `outgoing.ts`'s concern.
 */
export function encode(message: ClientMessage): string {
  try {
    return serialize(message);
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
    throw new StreamerError('INVALID_REQUEST', error.message, { retryable: false, cause: error });
  }
}
