// createRouter's options, their defaults, and the checks run once when a router is built.
import type { HandlerRegistry, MessageSender, Publisher } from '@streamer/handler-api';
import { type Clock, type Logger, systemClock } from '@streamer/kernel';
import { createLogger } from '@streamer/kernel/node';
import type { ServerMessage } from '@streamer/protocol';
import { ConnectionLifecycle, type Stores, type TokenBucket } from '@streamer/store';
import { randomFillSync } from 'node:crypto';
import { ulid } from 'ulid';
import { RouterConfigError } from './errors';
import { type RouterQuotas, TenantRateGate } from './quotas';

/** API Gateway ends every integration after 29 s; a sync reply must be sent before that. */
export const API_GATEWAY_TIMEOUT_MS = 29_000;

export const DEFAULT_RATE_LIMIT: Readonly<TokenBucket> = Object.freeze({ ratePerSecond: 20, burst: 40 });
export const DEFAULT_SYNC_TIMEOUT_MS = 25_000;
/** Time kept free at the end of the Lambda invocation to send the reply. */
export const DEFAULT_DEADLINE_MARGIN_MS = 1_000;
/** Requests are kept 7 days so a reconnecting client can still fetch its result. */
export const DEFAULT_REQUEST_TTL_MS = 7 * 24 * 3_600_000;

export interface RouterOptions {
  /** Registered handlers (only `get` is used). Built-in actions are answered by the router itself. */
  registry: Pick<HandlerRegistry, 'get'>;
  stores: Stores;
  /**
   * How replies and messages reach sockets (the connection manager's `messageSenderFor` in the apps).
   * The reply to the calling socket is sent `verified`: API Gateway just delivered its frame, so it is
   * live even when the store no longer lists it (an `UNAUTHORIZED` or `FORBIDDEN` reply).
   */
  sender: MessageSender<ServerMessage>;
  /**
   * What a sync handler's `context.publish` goes through (`createPublisher` of the connection manager
   * in the apps), always with the caller's tenant.
   */
  publisher: Publisher;
  /**
   * Closes a socket through the management API (`DELETE @connections/{id}`; a socket already gone is
   * not an error). Used after the `UNAUTHORIZED` reply to a frame whose connection's token has expired;
   * without it that socket stays open (a warning is logged) and every frame keeps being refused.
   */
  closeConnection?: (connectionId: string) => Promise<void>;
  /** Per-connection token bucket. Default 20 per second, burst 40. */
  rateLimit?: TokenBucket;
  /** Per-tenant frame rate and per-user job quotas (the store's `QuotaStore` and each tenant's limits). Default none. */
  quotas?: RouterQuotas;
  /** Longest a sync handler may run. Default 25 s; at most 29 s (API Gateway's limit). */
  syncTimeoutMs?: number;
  /** Kept free before the Lambda deadline when a sync handler runs. Default 1 s. */
  deadlineMarginMs?: number;
  /** How long a queued request is kept (DynamoDB TTL). Default 7 days. */
  requestTtlMs?: number;
  /** Epoch-millisecond clock. Default `systemClock` from `@streamer/kernel`. */
  clock?: Clock;
  /** Request id generator. Default ULID. */
  ids?: () => string;
  /** Also handed to sync handlers. Default: `createLogger('streamer-router')` (Powertools, structured JSON). */
  logger?: Logger;
}

/** Options with every default applied; what the pipeline steps receive. */
export interface RouterDeps {
  registry: Pick<HandlerRegistry, 'get'>;
  stores: Stores;
  sender: MessageSender<ServerMessage>;
  publisher: Publisher;
  closeConnection: ((connectionId: string) => Promise<void>) | undefined;
  rateLimit: TokenBucket;
  quotas: RouterQuotas | undefined;
  /** The tenant rate check of every frame (remembers each connection's tenant). */
  tenantRate: TenantRateGate;
  syncTimeoutMs: number;
  deadlineMarginMs: number;
  requestTtlMs: number;
  /** The store's lifecycle over `stores` (the `lastActiveAt` touch policy). */
  lifecycle: ConnectionLifecycle;
  clock: Clock;
  ids: () => string;
  logger: Logger;
}

export function resolveOptions(options: RouterOptions): RouterDeps {
  const deps: RouterDeps = {
    registry: options.registry,
    stores: options.stores,
    sender: options.sender,
    publisher: options.publisher,
    closeConnection: options.closeConnection,
    rateLimit: options.rateLimit ?? DEFAULT_RATE_LIMIT,
    quotas: options.quotas,
    tenantRate: new TenantRateGate(options.quotas),
    syncTimeoutMs: options.syncTimeoutMs ?? DEFAULT_SYNC_TIMEOUT_MS,
    deadlineMarginMs: options.deadlineMarginMs ?? DEFAULT_DEADLINE_MARGIN_MS,
    requestTtlMs: options.requestTtlMs ?? DEFAULT_REQUEST_TTL_MS,
    lifecycle: new ConnectionLifecycle(options.stores),
    clock: options.clock ?? systemClock,
    ids: options.ids ?? pooledUlids(),
    logger: options.logger ?? createLogger('streamer-router'),
  };
  checkDeps(deps);
  return deps;
}

function checkDeps(deps: RouterDeps): void {
  const { ratePerSecond, burst } = deps.rateLimit;
  if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) fail('rateLimit.ratePerSecond', 'must be a positive number');
  if (!Number.isInteger(burst) || burst < 1) fail('rateLimit.burst', 'must be an integer ≥ 1');
  if (!(deps.syncTimeoutMs > 0 && deps.syncTimeoutMs <= API_GATEWAY_TIMEOUT_MS)) {
    fail('syncTimeoutMs', `must be in (0, ${API_GATEWAY_TIMEOUT_MS}] (API Gateway's limit)`);
  }
  if (!(deps.deadlineMarginMs >= 0)) fail('deadlineMarginMs', 'must be ≥ 0');
  if (!(deps.requestTtlMs >= 1000)) fail('requestTtlMs', 'must be at least one second');
}

function fail(option: string, message: string): never {
  throw new RouterConfigError(option, message);
}

/** Random bytes drawn per refill of a `pooledUlids` source: 16 ids. */
const ULID_POOL_BYTES = 256;

/**
 * ULIDs (time from `Date.now()`, 80 random bits from the CSPRNG, as `ulid()` makes them), with the
 * random characters read from a pool of crypto random bytes refilled when used up. `ulid()` alone looks
 * its PRNG up again on every call and then makes one `crypto.getRandomValues` call per random
 * character, 16 per id: about 60 µs of an async request's CPU.
 */
export function pooledUlids(poolBytes = ULID_POOL_BYTES): () => string {
  const pool = new Uint8Array(poolBytes);
  let next = poolBytes;
  // The same fraction ulid's own PRNG returns (a byte / 256): each character takes the byte's top 5 bits.
  const prng = (): number => {
    if (next === poolBytes) {
      randomFillSync(pool);
      next = 0;
    }
    return (pool[next++] as number) / 256;
  };
  return () => ulid(undefined, prng);
}
