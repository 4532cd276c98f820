// The one adapter of the MessageSender port (@streamer/handler-api): the router and the processor send
// their server messages through the connection manager — retries, circuit breaking, 410 cleanup — and
// the message's client id goes into the manager's log entries as the correlation id.
import type { MessageSender } from '@streamer/handler-api';
import type { ConnectionManager } from './manager';

/**
 * A MessageSender over `manager.send`. A `verified` send skips the manager's store lookup (see
 * `SendOptions.verified`); a rejection is the manager's error (ConnectionStaleError or
 * ConnectionNotFoundError for a gone socket, `retryable: true` on transient failures).
 */
export function messageSenderFor(manager: Pick<ConnectionManager, 'send'>): MessageSender {
  return {
    send: (connectionId, message, options = {}) =>
      manager.send(connectionId, message, { ...correlationOf(message), ...(options.verified ? { verified: true } : {}) }),
  };
}

/** A server message's `id` (the client's correlation id); none for `id: null` or id-less messages. */
function correlationOf(message: unknown): { correlationId?: string } {
  const id = typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? { correlationId: id } : {};
}
