import { StreamerError } from './errors';

/** A token, or a function returning a (possibly refreshed) one, called before every (re)connect. */
export type TokenSource = string | (() => string | Promise<string>);

/** Checks a token option: a non-empty string or a function. */
export function checkToken(token: unknown): TokenSource {
  if ((typeof token === 'string' && token.length > 0) || typeof token === 'function') return token as TokenSource;
  throw new TypeError('options.token must be a non-empty string or a function returning one');
}

/** The token for the next connection attempt; a failing provider is `UNAUTHORIZED`. */
export async function resolveToken(source: TokenSource): Promise<string> {
  if (typeof source === 'string') return source;
  let token: unknown;
  try {
    token = await source();
  } catch (cause) {
    throw new StreamerError('UNAUTHORIZED', 'The token provider failed', { cause });
  }
  if (typeof token === 'string' && token.length > 0) return token;
  throw new StreamerError('UNAUTHORIZED', 'The token provider returned no token');
}

/** Whether a refused handshake is final: a fixed token will be refused again; a provider may refresh. */
export function isFinalRefusal(source: TokenSource, error: StreamerError): boolean {
  return typeof source === 'string' && (error.code === 'UNAUTHORIZED' || error.code === 'FORBIDDEN');
}
