// Async handlers: an idempotent conditional create, then `ack`. The same client id from the same user
// returns the first request's ack (with its current status); nothing is queued twice, and a pending
// request re-sent from another socket of the user follows it there (a client that reconnected). The payload is
// stored as the client sent it (it passed validation): the processor applies the schema again, and a
// schema's output (transforms) need not be valid input to it.
import type { HandlerRequest, Payload } from '@streamer/handler-api';
import { ack, type AckMessage } from '@streamer/protocol';
import type { ConnectionRecord } from '@streamer/store';
import { followCaller } from '../built-ins/follow-caller';
import type { RouterDeps } from '../options';

type EnqueueDeps = Pick<RouterDeps, 'stores' | 'requestTtlMs' | 'logger'>;

export async function enqueue(
  deps: EnqueueDeps,
  request: HandlerRequest,
  rawPayload: Payload,
  connection: ConnectionRecord,
  now: number,
): Promise<AckMessage> {
  const { requestId, connectionId, userId, tenantId, action } = request;
  const { request: stored, created } = await deps.stores.requests.create({
    requestId,
    connectionId,
    userId,
    tenantId,
    clientId: request.id,
    action,
    payload: rawPayload,
    now,
    ttl: Math.floor((now + deps.requestTtlMs) / 1000),
  });
  if (created) return ack(request.id, stored.requestId, stored.status);
  deps.logger.info('router: repeated client id, answering with the first ack', { requestId: stored.requestId, connectionId });
  // The store scopes idempotency to (tenant, user), so the first request is the caller's own.
  const current = await followCaller(deps.stores.requests, stored, connection);
  return ack(request.id, current.requestId, current.status);
}

