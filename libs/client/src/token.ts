// The token's two jobs on the client side: how it travels in the handshake (a subprotocol value, or
// the `Authorization` query parameter) and when it must be refreshed (shortly before its `exp`).
import { SUBPROTOCOL, TOKEN_SUBPROTOCOL_PREFIX } from '@streamer/protocol';

/**
 * `subprotocol`: `Sec-WebSocket-Protocol: streamer.v1, bearer.<jwt>` — browsers cannot set headers on a
 * WebSocket, and the token stays out of the URL (URLs are what access logs and proxies record).
 * `query`: `?Authorization=<jwt>`, for servers and tools that only read the query string.
 */
export type TokenTransport = 'subprotocol' | 'query';

/** What to give the WebSocket constructor for one connection attempt. */
export interface Handshake {
  url: string;
  /** The subprotocols to offer; the server echoes `streamer.v1`, never the token. */
  protocols?: string[];
}

export function handshakeFor(url: string, token: string, transport: TokenTransport): Handshake {
  if (transport === 'subprotocol') return { url, protocols: [SUBPROTOCOL, `${TOKEN_SUBPROTOCOL_PREFIX}${token}`] };
  const target = new URL(url);
  target.searchParams.set('Authorization', token);
  return { url: target.toString() };
}

export function checkTokenTransport(transport: unknown): TokenTransport | undefined {
  if (transport === undefined || transport === 'subprotocol' || transport === 'query') return transport;
  throw new TypeError("options.tokenTransport must be 'subprotocol' or 'query'");
}

/**
 * The token's `exp` in epoch ms, read from its payload without verifying it (the server verifies);
 * undefined for a token that is not a JWT or has no numeric `exp`.
 */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  const json = payload === undefined ? undefined : decodeBase64Url(payload);
  if (json === undefined) return undefined;
  try {
    const exp = (JSON.parse(json) as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * When to reconnect with a fresh token: `marginMs` before `expiresAt`, but never before half the
 * remaining lifetime has passed (a token shorter-lived than the margin is still used for a while).
 */
export function refreshDelay(expiresAt: number, now: number, marginMs: number): number {
  const remaining = expiresAt - now;
  return Math.max(0, Math.floor(Math.max(remaining - marginMs, remaining / 2)));
}

function decodeBase64Url(segment: string): string | undefined {
  const atob = (globalThis as { atob?: (data: string) => string }).atob;
  if (!atob || !/^[A-Za-z0-9_-]*$/.test(segment)) return undefined;
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(segment.length / 4) * 4, '=');
  try {
    const binary = atob(base64);
    return new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
}
