// The last step: exactly one reply to the calling socket. A reply that cannot be written (a result
// too large or not JSON) is replaced by INTERNAL_ERROR; a socket that is gone is logged, not thrown.
import { error, genericMessage, serialize, type ServerMessage } from '@streamer/protocol';
import type { RouteResult } from '../context';
import type { RouterDeps } from '../options';

type DeliverDeps = Pick<RouterDeps, 'sender' | 'logger'>;

export async function deliver(deps: DeliverDeps, connectionId: string, reply: ServerMessage): Promise<RouteResult> {
  const sendable = sendableReply(deps, reply);
  try {
    // The calling socket is live: API Gateway just delivered the frame this answers.
    await deps.sender.send(connectionId, sendable, { verified: true });
    return { reply: sendable, delivered: true };
  } catch (err) {
    deps.logger.warn('router: reply not delivered', { connectionId, type: sendable.type, error: err });
    return { reply: sendable, delivered: false };
  }
}

function sendableReply(deps: DeliverDeps, reply: ServerMessage): ServerMessage {
  try {
    serialize(reply);
    return reply;
  } catch (err) {
    deps.logger.error('router: reply cannot be serialised', { type: reply.type, error: err });
    return error('id' in reply ? reply.id : null, 'INTERNAL_ERROR', genericMessage('INTERNAL_ERROR'));
  }
}
