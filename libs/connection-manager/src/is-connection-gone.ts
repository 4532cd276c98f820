import { ConnectionNotFoundError, ConnectionStaleError } from './errors';
import { GatewayError } from './gateway/errors';

/** True for errors meaning "this connection no longer exists": stale (410), not found, or a gone gateway answer. */
export function isConnectionGone(error: unknown): boolean {
  if (error instanceof ConnectionStaleError || error instanceof ConnectionNotFoundError) return true;
  return error instanceof GatewayError && error.kind === 'gone';
}
