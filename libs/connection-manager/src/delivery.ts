// Delivering one frame to one connection: the message serialised once (JSON or bytes, within API
// Gateway's 128 KiB), the status check (cache, then store), per-connection and gateway circuit checks,
// the retry loop, and the translation of gateway outcomes (410 → stale + cleanup, 413 → unsendable
// message). Shared by send and broadcast.
import type { ConnectionStore } from '@streamer/store';
import { LRUCache } from 'lru-cache';
import type { GoneConnections, ActivityTouches } from './background';
import { CircuitOpenError, ConnectionNotFoundError, ConnectionStaleError, countsAgainstBreaker, GatewayError, UnsendableMessageError } from './errors';
import type { GatewayPort } from './gateway/port';
import type { ManagerCounters } from './metrics';
import { type ConnectionFailures, type GatewayBreaker, type RetryControls, type RetryPolicy, type Sleep, withRetry } from './resilience';
import { InFlight } from './shutdown';

interface DeliveryDeps {
  gateway: GatewayPort;
  connections: ConnectionStore;
  cache: StatusCache;
  breaker: GatewayBreaker;
  failures: ConnectionFailures;
  gone: GoneConnections;
  touches: ActivityTouches;
  counters: ManagerCounters;
  retry: { policy: RetryPolicy; random: () => number; sleep: Sleep };
  maxMessageBytes: number;
}

/** How one delivery is made: `verified` skips the store lookup, `touch` records the client's activity. */
export interface DeliveryMode {
  /** The recipient was just read from the store as CONNECTED (or the caller knows it is live). */
  verified: boolean;
  /** Refresh `lastActiveAt` after a successful post: sends do, broadcasts do not (it is the client's own activity). */
  touch: boolean;
}

export class Delivery {
  readonly gatewayCalls = new InFlight();
  private readonly retryControls: RetryControls;

  constructor(private readonly deps: DeliveryDeps) {
    this.retryControls = {
      ...deps.retry,
      shouldRetry: (error) => error instanceof GatewayError && error.retryable,
      onRetry: (error) => deps.counters.retried(error),
    };
  }

  /**
   * Posts `payload` to the connection. Throws ConnectionError subclasses only (store errors pass
   * through unchanged).
   */
  async deliver(connectionId: string, payload: Uint8Array, mode: DeliveryMode): Promise<void> {
    const cached = this.deps.cache.get(connectionId);
    if (cached === 'gone') throw new ConnectionStaleError(connectionId);
    if (cached === undefined && !mode.verified) await this.assertConnected(connectionId);
    try {
      await this.post(connectionId, payload);
    } catch (error) {
      throw await this.translate(connectionId, error);
    }
    // Remember the connection as live so later deliveries skip the store read — except recipients a
    // broadcast just read from the store: a tenant-wide fan-out would only churn the LRU.
    if (cached === undefined && (mode.touch || !mode.verified)) this.deps.cache.set(connectionId, 'connected');
    // Activity is the client's own: sends record it, broadcasts do not.
    if (mode.touch) this.deps.touches.record(connectionId);
  }

  /** Runs one gateway call per attempt behind both circuits, retrying retryable gateway errors. */
  withGatewayRetry<T>(connectionId: string, call: () => Promise<T>): Promise<T> {
    return withRetry(() => this.attempt(connectionId, call), this.retryControls);
  }

  /**
   * The first attempt runs outside the retry loop; only a failed one enters it (`withRetry` decides,
   * from the policy and the error, whether another attempt follows).
   */
  private async post(connectionId: string, payload: Uint8Array): Promise<void> {
    const call = () => this.deps.gateway.post(connectionId, payload);
    try {
      await this.attempt(connectionId, call);
    } catch (error) {
      await withRetry(() => this.attempt(connectionId, call), this.retryControls, { failed: 1, error });
    }
  }

  private async assertConnected(connectionId: string): Promise<void> {
    const record = await this.deps.connections.get(connectionId);
    if (!record || record.status !== 'CONNECTED') throw new ConnectionNotFoundError(connectionId);
  }

  private async attempt<T>(connectionId: string, call: () => Promise<T>): Promise<T> {
    const { failures } = this.deps;
    const retryAfterMs = failures.refuse(connectionId);
    if (retryAfterMs !== undefined) throw new CircuitOpenError('connection', { connectionId, retryAfterMs });
    try {
      const result = await this.gatewayCalls.run(() => this.deps.breaker.run(call));
      failures.recordSuccess(connectionId);
      return result;
    } catch (error) {
      if (countsAgainstBreaker(error)) failures.recordFailure(connectionId);
      else if (error instanceof GatewayError) failures.recordSuccess(connectionId);
      throw error;
    }
  }

  /** Gateway outcomes that mean something for the caller become their domain errors. */
  async translate(connectionId: string, error: unknown): Promise<unknown> {
    if (!(error instanceof GatewayError)) return error;
    if (error.kind === 'gone') {
      await this.deps.gone.markGone(connectionId);
      return new ConnectionStaleError(connectionId, { cause: error });
    }
    if (error.kind === 'payload-too-large') {
      const limitBytes = this.deps.maxMessageBytes;
      return new UnsendableMessageError('The gateway refused the message as too large (413)', { reason: 'rejected-by-gateway', limitBytes }, { cause: error, connectionId });
    }
    return error;
  }
}

// Serialises a message once into the bytes every post reuses. JSON values are stringified; bytes
// (Uint8Array/Buffer) are sent as they are. Anything over API Gateway's 128 KiB frame limit, or
// not serialisable (circular, BigInt, undefined, a throwing toJSON), is an UnsendableMessageError.
/** API Gateway's WebSocket frame limit, in bytes. */
export const MAX_MESSAGE_BYTES = 128 * 1024;

const encoder = new TextEncoder();

export function encodeMessage(message: unknown, limitBytes: number = MAX_MESSAGE_BYTES): Uint8Array {
  const bytes = message instanceof Uint8Array ? message : encoder.encode(stringify(message, limitBytes));
  if (bytes.byteLength > limitBytes) {
    throw new UnsendableMessageError(
      `Message is ${bytes.byteLength} bytes; the limit is ${limitBytes} bytes`,
      { reason: 'too-large', bytes: bytes.byteLength, limitBytes },
    );
  }
  return bytes;
}

function stringify(message: unknown, limitBytes: number): string {
  let json: string | undefined;
  try {
    json = JSON.stringify(message);
  } catch (error) {
    throw new UnsendableMessageError(`Message is not JSON-serialisable: ${describe(error)}`, { reason: 'unserialisable', limitBytes }, { cause: error });
  }
  if (json === undefined) {
    throw new UnsendableMessageError(`Message is not JSON-serialisable: ${typeof message}`, { reason: 'unserialisable', limitBytes });
  }
  return json;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// Connection status cache (seed 000: 30 s, to spare the store a lookup per send). Bounded LRU;
// expiry is checked against the injected clock so tests can move time with fake timers.
type CachedStatus = 'connected' | 'gone';

interface StatusCacheOptions {
  ttlMs: number;
  maxEntries: number;
  now: () => number;
}

interface Entry {
  status: CachedStatus;
  expiresAt: number;
}

export class StatusCache {
  hits = 0;
  misses = 0;
  private readonly entries: LRUCache<string, Entry>;

  constructor(private readonly options: StatusCacheOptions) {
    this.entries = new LRUCache<string, Entry>({ max: options.maxEntries });
  }

  get(connectionId: string): CachedStatus | undefined {
    const entry = this.entries.get(connectionId);
    if (entry && entry.expiresAt > this.options.now()) {
      this.hits += 1;
      return entry.status;
    }
    if (entry) this.entries.delete(connectionId);
    this.misses += 1;
    return undefined;
  }

  set(connectionId: string, status: CachedStatus): void {
    if (this.options.ttlMs <= 0) return;
    this.entries.set(connectionId, { status, expiresAt: this.options.now() + this.options.ttlMs });
  }

  invalidate(connectionId: string): void {
    this.entries.delete(connectionId);
  }

  get size(): number {
    return this.entries.size;
  }
}
