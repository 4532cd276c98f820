import { type BackoffOptions, DEFAULT_BACKOFF } from './backoff';
import { type RandomSource, defaultRandom } from './ids';
import { type Logger, silentLogger } from './logger';
import { globalTimers, type Timers } from './timers';
import { checkToken, type TokenSource } from './token';
import { canFragment, resolveWebSocket, type WebSocketConstructor } from './transport';

/** Options of `new StreamerClient(url, options)`. */
export interface StreamerClientOptions {
  /** JWT sent as the `Authorization` query parameter. */
  token: TokenSource;
  /** WebSocket implementation; defaults to the global one (pass `WebSocket` from `ws` in Node). */
  WebSocket?: WebSocketConstructor;
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
  reconnect: BackoffOptions | false;
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  requestTimeoutMs: number;
  statusPollMs: number;
  connectTimeoutMs: number;
  logger: Logger;
  random: RandomSource;
  timers: Timers;
}

/** Fills in defaults and checks what cannot work. */
export function resolveOptions(options: StreamerClientOptions): ResolvedOptions {
  const WebSocket = resolveWebSocket(options.WebSocket);
  return {
    token: checkToken(options.token),
    WebSocket,
    fragments: canFragment(WebSocket),
    reconnect: options.reconnect === false ? false : { ...DEFAULT_BACKOFF, ...options.reconnect },
    heartbeatMs: options.heartbeatMs ?? 5 * 60_000,
    heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? 30_000,
    requestTimeoutMs: options.requestTimeoutMs ?? 15 * 60_000,
    statusPollMs: options.statusPollMs ?? 5_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 15_000,
    logger: options.logger ?? silentLogger,
    random: options.random ?? defaultRandom(),
    timers: options.timers ?? globalTimers,
  };
}
