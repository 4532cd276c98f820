import type { ServerMessage } from '@streamer/protocol';
import type { Replier, SendContext } from '../replier';

export interface SentMessage {
  connectionId: string;
  message: ServerMessage;
  caller: boolean;
}

/** Records every message; sockets listed in `gone` reject like a closed connection. */
export class RecordingReplier implements Replier {
  readonly sent: SentMessage[] = [];
  readonly gone = new Set<string>();

  async send(connectionId: string, message: ServerMessage, context: SendContext): Promise<void> {
    if (this.gone.has(connectionId)) throw new Error(`Connection ${connectionId} is gone`);
    this.sent.push({ connectionId, message: structuredClone(message), caller: context.caller });
  }

  to(connectionId: string): ServerMessage[] {
    return this.sent.filter((s) => s.connectionId === connectionId).map((s) => s.message);
  }

  clear(): void {
    this.sent.length = 0;
  }
}
