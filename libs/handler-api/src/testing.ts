// Test doubles for @streamer/handler-api. Import from '@streamer/handler-api/testing' in tests only.
import type { MessageSender, Publisher, PublishResult, PublishTarget } from './handler';

interface SentMessage<Message> {
  connectionId: string;
  message: Message;
  /** The send said the socket was known to be live (`verified: true`). */
  verified: boolean;
}

/**
 * A MessageSender that records every message (a copy, as the wire would); connections listed in
 * `gone` reject like a closed socket. Give it the message type: `new RecordingMessageSender<ServerMessage>()`.
 */
export class RecordingMessageSender<Message = unknown> implements MessageSender<Message> {
  readonly sent: SentMessage<Message>[] = [];
  readonly gone = new Set<string>();

  async send(connectionId: string, message: Message, options: { verified?: boolean } = {}): Promise<void> {
    if (this.gone.has(connectionId)) throw new Error(`Connection ${connectionId} is gone`);
    this.sent.push({ connectionId, message: structuredClone(message), verified: options.verified === true });
  }

  /** Messages sent to one connection, in order. */
  messagesTo(connectionId: string): Message[] {
    return this.sent.filter((entry) => entry.connectionId === connectionId).map((entry) => entry.message);
  }

  /** The terminal messages (`type` `result` or `error`) carrying the client id `id`, in order. */
  terminalFor(id: string): Message[] {
    return this.sent.map((entry) => entry.message).filter((message) => isTerminalFor(message, id));
  }

  clear(): void {
    this.sent.length = 0;
  }
}

function isTerminalFor(message: unknown, id: string): boolean {
  const { type, id: messageId } = (message ?? {}) as { type?: unknown; id?: unknown };
  return (type === 'result' || type === 'error') && messageId === id;
}

interface Publication {
  tenantId: string;
  target: PublishTarget;
  data: unknown;
}

/**
 * A Publisher that records every publication (a copy of its data) and reaches no socket: each is
 * answered `{sent: 0, gone: 0, failed: 0}`, a topic event with its topic's next `seq` (per tenant).
 */
export class RecordingPublisher implements Publisher {
  readonly published: Publication[] = [];
  readonly #seqs = new Map<string, number>();

  async publish(tenantId: string, target: PublishTarget, data: unknown): Promise<PublishResult> {
    this.published.push({ tenantId, target: { ...target }, data: structuredClone(data) });
    if (!('topic' in target)) return { sent: 0, gone: 0, failed: 0 };
    const key = JSON.stringify([tenantId, target.topic]);
    const seq = (this.#seqs.get(key) ?? 0) + 1;
    this.#seqs.set(key, seq);
    return { sent: 0, gone: 0, failed: 0, seq };
  }
}
