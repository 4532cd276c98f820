// Step 5: per-connection token bucket. The bucket lives on the connection item and is taken
// atomically by the store, so concurrent Lambda invocations share it.
import { ItemNotFoundError, type ConnectionStore, type TokenBucket } from '@streamer/store';
import { RateLimitedError, UnauthorizedError } from './errors';

/** Takes one token or throws `RateLimitedError` carrying the store's retry hint. */
export async function takeRateToken(
  connections: ConnectionStore,
  connectionId: string,
  bucket: TokenBucket,
  now: number,
): Promise<void> {
  const decision = await connections.takeToken(connectionId, bucket, now).catch((err: unknown) => {
    throw err instanceof ItemNotFoundError ? new UnauthorizedError() : err;
  });
  if (!decision.allowed) throw new RateLimitedError(Math.max(1, Math.ceil(decision.retryAfterMs)));
}
