// The client's options and their defaults, with the injectable sources they name: the WebSocket
// implementation (and whether it can fragment), the token, the timers, the randomness (and the ids made from it).
import { type Logger, silentLogger } from '@streamer/kernel';
import { DEFAULT_MAX_RESULT_BYTES } from '@streamer/protocol';
import { type WebSocketConstructor } from './connection';
import { StreamerError } from './errors';
import { type BackoffOptions } from './reconnect';
import { checkTokenTransport, type TokenTransport } from './token';

/** Options of `new StreamerClient(url, options)`. */
export interface StreamerClientOptions {
  /** The JWT, or a provider called before every (re)connect and before the token expires. */
  token: TokenSource;
  /** WebSocket implementation; defaults to the global one (pass `WebSocket` from `ws` in Node). */
  WebSocket?: WebSocketConstructor;
  /**
   * How the token travels: `subprotocol` (`Sec-WebSocket-Protocol: streamer.v1, bearer.<jwt>`, kept
   * out of URLs and so out of access logs; the default, except with `ws`) or `query`
   * (`?Authorization=<jwt>`; the default with `ws` in Node).
   */
  tokenTransport?: TokenTransport;
  /**
   * With a token function: reconnect with a fresh token this long before the token's `exp`, in ms
   * (default 60 s; never before half the token's remaining lifetime). 0 disables.
   */
  tokenRefreshMarginMs?: number;
  /** Backoff after an unexpected close, or `false` to never reconnect. */
  reconnect?: Partial<BackoffOptions> | false;
  /** Ping interval in ms (default 5 min, under API Gateway's 10-minute idle limit); 0 disables. */
  heartbeatMs?: number;
  /** How long to wait for a `pong` before treating the connection as dead (default 30 s). */
  heartbeatTimeoutMs?: number;
  /** Default per-request timeout in ms (default 15 min, the longest a Lambda runs); 0 disables. */
  requestTimeoutMs?: number;
  /** Interval between `status` polls for a resumed request still running (default 5 s). */
  statusPollMs?: number;
  /** Handshake deadline in ms (default 15 s). */
  connectTimeoutMs?: number;
  /**
   * How long a gap in a topic's `seq` may stay open before the client fetches it again with
   * `subscribe {since}`, in ms (default 1 s).
   */
  gapTimeoutMs?: number;
  /**
   * Largest result accepted, as JSON in UTF-8 bytes (default 4 MB, the server's default ceiling). A
   * result announced larger rejects with `RESULT_TOO_LARGE` before its pieces are kept.
   */
  maxResultBytes?: number;
  /** Where the client logs (default: silent). */
  logger?: Logger;
  /** Randomness for backoff jitter, uniform in [0, 1) (default: Web Crypto, else Math.random). */
  random?: RandomSource;
  /** Timer functions (default: the host's, looked up at call time). */
  timers?: Timers;
}

/** Options after defaults. */
export interface ResolvedOptions {
  token: TokenSource;
  WebSocket: WebSocketConstructor;
  /** Whether its sockets can send a message as several frames (`ws` can, browsers cannot). */
  fragments: boolean;
  tokenTransport: TokenTransport;
  tokenRefreshMarginMs: number;
  reconnect: BackoffOptions | false;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  requestTimeoutMs: number;
  statusPollMs: number;
  connectTimeoutMs: number;
  gapTimeoutMs: number;
  maxResultBytes: number;
  logger: Logger;
  random: RandomSource;
  timers: Timers;
}

/** Defaults: first retry within 0.5 s, never waiting more than 30 s, never giving up. */
export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 30_000 };

/** The socket implementation to use: the one given, else the host's global `WebSocket`. */
export function resolveWebSocket(given: WebSocketConstructor | undefined): WebSocketConstructor {
  const ctor = given ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!ctor) {
    throw new TypeError("No WebSocket implementation: pass { WebSocket } (for example from the 'ws' package in Node)");
  }
  return ctor;
}

/**
 * True when sockets of this implementation can fragment a message. Only `ws` can (its `send` takes
 * `{fin}`); it is recognised by the methods of its own API, `ping` and `terminate`, which the standard
 * WebSocket lacks. A browser's `send` would ignore `{fin}` and send every fragment as a whole message.
 */
export function canFragment(ctor: WebSocketConstructor): boolean {
  const proto = ctor.prototype as { ping?: unknown; terminate?: unknown } | undefined;
  return typeof proto?.ping === 'function' && typeof proto.terminate === 'function';
}

/** Fills in defaults and checks what cannot work. */
export function resolveOptions(options: StreamerClientOptions): ResolvedOptions {
  const WebSocket = resolveWebSocket(options.WebSocket);
  const fragments = canFragment(WebSocket);
  return {
    token: checkToken(options.token),
    WebSocket,
    fragments,
    // `ws` is recognised by the same API that lets it fragment: Node keeps the query transport by default.
    tokenTransport: checkTokenTransport(options.tokenTransport) ?? (fragments ? 'query' : 'subprotocol'),
    tokenRefreshMarginMs: checkDuration('tokenRefreshMarginMs', options.tokenRefreshMarginMs, 60_000),
    reconnect: options.reconnect === false ? false : { ...DEFAULT_BACKOFF, ...options.reconnect },
    heartbeatMs: options.heartbeatMs ?? 5 * 60_000,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 30_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 15 * 60_000,
    statusPollMs: options.statusPollMs ?? 5_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
    gapTimeoutMs: checkGapTimeout(options.gapTimeoutMs),
    maxResultBytes: checkMaxResultBytes(options.maxResultBytes),
    logger: options.logger ?? silentLogger,
    random: options.random ?? defaultRandom(),
    timers: options.timers ?? globalTimers,
  };
}

/** Checks an optional non-negative finite number of milliseconds. */
function checkDuration(name: string, ms: number | undefined, fallback: number): number {
  if (ms === undefined) return fallback;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return ms;
  throw new TypeError(`options.${name} must be a non-negative number of milliseconds`);
}

/** Checks `gapTimeoutMs`: a positive finite number of milliseconds (default 1 s). */
function checkGapTimeout(ms: number | undefined): number {
  if (ms === undefined) return 1_000;
  if (typeof ms === 'number' && Number.isFinite(ms) && ms > 0) return ms;
  throw new TypeError('options.gapTimeoutMs must be a positive number of milliseconds');
}

/** Checks `maxResultBytes`: a positive integer (default `DEFAULT_MAX_RESULT_BYTES`, 4 MB). */
function checkMaxResultBytes(bytes: number | undefined): number {
  if (bytes === undefined) return DEFAULT_MAX_RESULT_BYTES;
  if (Number.isSafeInteger(bytes) && bytes > 0) return bytes;
  throw new TypeError('options.maxResultBytes must be a positive integer');
}

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

/** The two timer functions the client uses; injectable so tests and hosts can drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

type ClearHandle = Parameters<typeof globalThis.clearTimeout>[0];

/** The host's timers, looked up on each call (so Jest fake timers installed later still apply). */
export const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ClearHandle),
};

/** One restartable timeout. `start` replaces any timeout still pending. */
export class Timer {
  private handle: unknown = undefined;

  constructor(private readonly timers: Timers) {}

  get active(): boolean {
    return this.handle !== undefined;
  }

  start(ms: number, callback: () => void): void {
    this.stop();
    this.handle = this.timers.setTimeout(() => {
      this.handle = undefined;
      callback();
    }, ms);
  }

  stop(): void {
    if (this.handle === undefined) return;
    this.timers.clearTimeout(this.handle);
    this.handle = undefined;
  }
}

/** A source of uniform random numbers in [0, 1). */
export type RandomSource = () => number;

/** Web Crypto when the host has it (browsers, Node ≥ 19), otherwise Math.random. */
export function defaultRandom(): RandomSource {
  const crypto = (globalThis as { crypto?: { getRandomValues?: <T extends ArrayBufferView>(array: T) => T } }).crypto;
  const getRandomValues = crypto?.getRandomValues?.bind(crypto);
  if (!getRandomValues) return Math.random;
  const buffer = new Uint32Array(1);
  return () => (getRandomValues(buffer)[0] ?? 0) / 2 ** 32;
}

/** Eight base-36 characters of randomness. */
function randomSuffix(random: RandomSource): string {
  const high = Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0');
  const low = Math.floor(random() * 36 ** 4).toString(36).padStart(4, '0');
  return high + low;
}

/**
 * Correlation ids `c-<counter>-<random>`: unique within a client by the counter and across clients
 * (tabs, page reloads) of one user by the random part. Matches the protocol's `CLIENT_ID_PATTERN`.
 */
export function createIdGenerator(random: RandomSource = defaultRandom()): () => string {
  let counter = 0;
  return () => `c-${++counter}-${randomSuffix(random)}`;
}
