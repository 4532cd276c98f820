// What a careful client does when a reply does not come, or says RATE_LIMITED: re-send the same frame
// (the same id) while its socket is open, after the server's retry hint. Requests are idempotent by
// id, subscribe is idempotent by topic, and status and ping only read, so a re-send never runs
// anything twice.
import type { ServerMessage } from '@streamer/protocol';
import type { WireClient } from './wire-client';

export interface RetryOptions {
  attempts?: number;
  timeoutMs?: number;
}

/** The first reply to `frame.id`, re-sending on silence; undefined when the socket closed first. */
export async function callWithRetry(socket: WireClient, frame: { id: string; action: string; payload?: object }, options: RetryOptions = {}): Promise<ServerMessage | undefined> {
  const attempts = options.attempts ?? 4;
  const timeoutMs = options.timeoutMs ?? 3_000;
  for (let attempt = 0; attempt < attempts && socket.isOpen; attempt += 1) {
    const from = socket.received.length;
    socket.send(frame);
    const reply = await socket.until(() => replyAfter(socket, frame.id, from) ?? (socket.isOpen ? undefined : ('closed' as const)), timeoutMs);
    if (reply === 'closed') return undefined;
    if (reply && !isRateLimited(reply)) return reply;
    if (reply) await new Promise((resolve) => setTimeout(resolve, reply.type === 'error' ? (reply.error.retryAfterMs ?? 100) : 100));
  }
  return undefined;
}

/** RATE_LIMITED refuses one frame; it is no outcome of the request the frame carried. */
export function isRateLimited(message: ServerMessage): message is Extract<ServerMessage, { type: 'error' }> {
  return message.type === 'error' && message.error.code === 'RATE_LIMITED';
}

function replyAfter(socket: WireClient, id: string, from: number): ServerMessage | undefined {
  for (const received of socket.received.slice(from)) {
    const m = received.message;
    if (m && 'id' in m && m.id === id && m.type !== 'progress') return m;
  }
  // An answer to an earlier copy of the frame counts too (it was only slow).
  return socket.messages().find((m) => 'id' in m && m.id === id && m.type !== 'progress' && !isRateLimited(m));
}
