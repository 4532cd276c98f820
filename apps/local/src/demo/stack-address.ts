// Where the demo finds the stack and its token: STREAMER_URL, else the local stack on PORT as
// `npm start` reads it (ws://127.0.0.1:<PORT>, default 3001); STREAMER_TOKEN, else a token from the
// stack's GET /dev/token.
import { envReader } from '@streamer/config';
import { DEFAULT_PORT } from '@streamer/local-stack';
import { type DevIdentity, devTokenPath } from '../common/dev-identity';

export const DEMO_IDENTITY: DevIdentity = { sub: 'demo-user', tenant: 'dev-tenant' };

export interface DemoTarget {
  url: string;
  token: string | undefined;
}

/** Throws a ConfigError naming PORT when it is not a port the demo can reach (1–65535). */
export function demoTarget(env: Record<string, string | undefined>): DemoTarget {
  const token = env['STREAMER_TOKEN']?.trim();
  const url = env['STREAMER_URL']?.trim() || `ws://127.0.0.1:${envReader(env).int('PORT', DEFAULT_PORT, { min: 1, max: 65_535 })}`;
  return { url, token: token || undefined };
}

/** Why the demo could not get a token: the stack is not there, or it has no dev tokens to give. */
export class DevTokenError extends Error {
  override readonly name = 'DevTokenError';

  constructor(
    readonly reason: 'unreachable' | 'refused',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The stack's HTTP origin for its WebSocket URL (ws → http, wss → https). */
export function httpOrigin(wsUrl: string): string {
  const url = new URL(wsUrl);
  url.protocol = url.protocol === 'wss:' ? 'https:' : 'http:';
  return url.origin;
}

export async function fetchDevToken(wsUrl: string, identity: DevIdentity, signal: AbortSignal): Promise<string> {
  const url = `${httpOrigin(wsUrl)}${devTokenPath(identity)}`;
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
  } catch (cause) {
    if (signal.aborted) throw cause;
    throw new DevTokenError('unreachable', `nothing answers at ${httpOrigin(wsUrl)}`, { cause });
  }
  const body = (await response.json().catch(() => ({}))) as { token?: unknown; message?: unknown };
  if (response.ok && typeof body.token === 'string') return body.token;
  const detail = typeof body.message === 'string' ? body.message : `HTTP ${response.status}`;
  throw new DevTokenError('refused', `${url} gave no token (${detail})`);
}
