// The client resolves a request with its result; the `ack` before it (the server's request id and
// `queued`) is internal to it. The web page and the demo show that ack to the person watching, so
// they give the client a WebSocket that behaves exactly like the real one and also reports each
// `ack` frame it receives. Only queued handler requests are acknowledged, so every ack belongs to a
// request the caller made.
import type { WebSocketConstructor } from '@streamer/client';
import { type AckMessage, parseServerMessage } from '@streamer/protocol';

export type AckListener = (ack: AckMessage) => void;

/** `Base` (the browser's WebSocket, or `ws` in Node) with `onAck` called for every `ack` received. */
export function reportingAcks(Base: WebSocketConstructor, onAck: AckListener): WebSocketConstructor {
  return class AckReportingWebSocket extends Base {
    constructor(url: string) {
      super(url);
      this.addEventListener('message', (event) => {
        if (typeof event.data !== 'string') return;
        const parsed = parseServerMessage(event.data);
        if (parsed.ok && parsed.message.type === 'ack') onAck(parsed.message);
      });
    }
  };
}
