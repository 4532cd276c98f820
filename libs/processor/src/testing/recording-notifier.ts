import type { ServerMessage } from '@streamer/protocol';
import type { Notifier } from '../ports';

export interface SentMessage {
  connectionId: string;
  message: ServerMessage;
}

/** Notifier that records every message; connections marked gone reject like a closed socket. */
export class RecordingNotifier implements Notifier {
  readonly sent: SentMessage[] = [];
  readonly gone = new Set<string>();

  async send(connectionId: string, message: ServerMessage): Promise<void> {
    if (this.gone.has(connectionId)) throw new Error(`Connection ${connectionId} is gone`);
    this.sent.push({ connectionId, message });
  }

  /** Messages sent to one connection, in order. */
  messagesTo(connectionId: string): ServerMessage[] {
    return this.sent.filter((entry) => entry.connectionId === connectionId).map((entry) => entry.message);
  }

  /** `result` and `error` messages (the terminal ones) carrying the client id `id`. */
  terminalFor(id: string): ServerMessage[] {
    return this.sent
      .map((entry) => entry.message)
      .filter((message) => (message.type === 'result' || message.type === 'error') && message.id === id);
  }
}
