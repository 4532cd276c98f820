// The steps every frame goes through, in order: read the frame (size, JSON, shape), admit it (the
// sending connection proven CONNECTED and a rate token taken in one store write; `lastActiveAt`
// refreshed after it when due), and finally deliver the one reply — an `error` reply for anything a step threw.
import type { Logger } from '@streamer/kernel';
import {
  type ClientMessage,
  error,
  errorFrom,
  type ErrorMessage,
  genericMessage,
  MAX_MESSAGE_BYTES,
  parseClientMessage,
  serialize,
  type ServerMessage,
  utf8ByteLength,
} from '@streamer/protocol';
import { type Admission, type ConnectionRecord, type ConnectionStore, ItemNotFoundError, type TokenBucket, type TokenDecision } from '@streamer/store';
import { ForbiddenError, InvalidRequestError, RateLimitedError, RouterError, TokenExpiredError, UnauthorizedError } from './errors';
import type { RouterDeps } from './options';
import type { RouteInput, RouteResult } from './router';

// Steps 1–3: size (UTF-8 bytes), JSON parse, shape. Never throws; a bad frame becomes an `error`
// reply whose id is the recovered correlation id, or null.

export type FrameOutcome =
  | { ok: true; message: ClientMessage }
  | { ok: false; reason: string; reply: ErrorMessage };

export function readFrame(input: Pick<RouteInput, 'body' | 'isBase64Encoded'>): FrameOutcome {
  const { body } = input;
  if (typeof body !== 'string' || body === '') return reject('empty', 'Frame is empty');
  if (input.isBase64Encoded === true) return readBinary(body);
  if (utf8ByteLength(body, MAX_MESSAGE_BYTES) > MAX_MESSAGE_BYTES) return tooLarge();
  return parse(body);
}

function readBinary(base64: string): FrameOutcome {
  if (Math.floor((base64.length * 3) / 4) > MAX_MESSAGE_BYTES + 2) return tooLarge();
  return parse(new Uint8Array(Buffer.from(base64, 'base64')));
}

function parse(raw: string | Uint8Array): FrameOutcome {
  const parsed = parseClientMessage(raw);
  if (parsed.ok) return parsed;
  return { ok: false, reason: parsed.error.reason, reply: errorFrom(parsed.error.id, parsed.error) };
}

function tooLarge(): FrameOutcome {
  return reject('too-large', `Message exceeds ${MAX_MESSAGE_BYTES} bytes of UTF-8`);
}

function reject(reason: string, message: string): FrameOutcome {
  return { ok: false, reason, reply: errorFrom(null, new InvalidRequestError(message)) };
}

// Steps 4–5: the sending connection, as stored by `$connect` (user and tenant come from here only),
// and its per-connection token bucket. Both come from one conditional write in the store, which
// proves the connection CONNECTED while it takes the token atomically (the bucket lives on the
// connection item, so concurrent Lambda invocations share it); no GetItem.

/**
 * The stored, CONNECTED connection and the rate-limit decision of its frame: `UNAUTHORIZED` when
 * unknown or when its token has expired (`TokenExpiredError`: the router then closes the socket),
 * `FORBIDDEN` when marked disconnected. The caller refuses a frame without a token
 * (`assertToken`) once it has started the activity touch: rate-limited frames are activity too.
 */
export async function admitFrame(connections: ConnectionStore, connectionId: string, bucket: TokenBucket, now: number): Promise<Admission> {
  const admission = await connections.admit(connectionId, bucket, now).catch((err: unknown) => {
    throw err instanceof ItemNotFoundError ? new UnauthorizedError() : err;
  });
  if (admission.connection.status !== 'CONNECTED') throw new ForbiddenError();
  const { tokenExpiresAt } = admission.connection;
  if (tokenExpiresAt !== undefined && now >= tokenExpiresAt) throw new TokenExpiredError();
  return admission;
}

/** `RATE_LIMITED` with the store's retry hint when the frame got no token. */
export function assertToken(decision: TokenDecision): void {
  if (!decision.allowed) throw new RateLimitedError(Math.max(1, Math.ceil(decision.retryAfterMs)));
}

/** Keeps `lastActiveAt` fresh (the store's touch policy) so stale cleanup spares active sockets; never fails the frame. */
export async function touchActivity(
  deps: Pick<RouterDeps, 'lifecycle' | 'logger'>,
  { connectionId, lastActiveAt }: ConnectionRecord,
  now: number,
): Promise<void> {
  try {
    await deps.lifecycle.touch(connectionId, { at: now, lastActiveAt });
  } catch (err) {
    deps.logger.warn('router: could not refresh lastActiveAt', { connectionId, error: err });
  }
}

// The last steps: anything a step threw becomes the one `error` reply, and exactly one reply goes
// to the calling socket.

/** RouterErrors carry their code; anything else (store failures included) is a retryable INTERNAL_ERROR whose details stay in the log. */
export function errorReply(logger: Logger, id: string | null, connectionId: string, err: unknown): ErrorMessage {
  if (err instanceof RouterError) {
    logger.info('router: request rejected', { connectionId, id, code: err.code });
    return errorFrom(id, err);
  }
  logger.error('router: request failed', { connectionId, id, error: err });
  return error(id, 'INTERNAL_ERROR', genericMessage('INTERNAL_ERROR'));
}

type DeliverDeps = Pick<RouterDeps, 'sender' | 'logger'>;

/** A reply that cannot be written (too large, not JSON) is replaced by INTERNAL_ERROR; a socket that is gone is logged, not thrown. */
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
