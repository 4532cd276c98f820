// Delivering one serialised frame to one connection: status check (cache, then store), per-connection
// and gateway circuit checks, the retry loop, and the translation of gateway outcomes (410 → stale +
// cleanup, 413 → invalid message). Shared by send and broadcast.
import type { ConnectionStore } from '@streamer/store';
import type { GatewayBreaker } from './breaker';
import type { GoneConnections } from './cleanup';
import type { ConnectionFailures } from './connection-failures';
import { CircuitOpenError, ConnectionNotFoundError, ConnectionStaleError, UnsendableMessageError } from './errors';
import { countsAgainstBreaker, GatewayError } from './gateway/errors';
import type { GatewayPort } from './gateway/port';
import { InFlight } from './in-flight';
import type { ManagerCounters } from './metrics';
import { type RetryPolicy, type Sleep, withRetry } from './retry';
import type { StatusCache } from './status-cache';
import type { ActivityTouches } from './touch';

export interface DeliveryDeps {
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

export class Delivery {
  readonly gatewayCalls = new InFlight();

  constructor(private readonly deps: DeliveryDeps) {}

  /**
   * Posts `payload` to the connection. `verified` skips the store lookup for recipients that were just
   * read from the store. Throws ConnectionError subclasses only (store errors pass through unchanged).
   */
  async deliver(connectionId: string, payload: Uint8Array, verified: boolean): Promise<void> {
    await this.assertConnected(connectionId, verified);
    try {
      await this.withGatewayRetry(connectionId, () => this.deps.gateway.post(connectionId, payload));
    } catch (error) {
      throw await this.translate(connectionId, error);
    }
    this.deps.cache.set(connectionId, 'connected');
    this.deps.touches.record(connectionId);
  }

  /** Runs one gateway call per attempt behind both circuits, retrying retryable gateway errors. */
  withGatewayRetry<T>(connectionId: string, call: () => Promise<T>): Promise<T> {
    return withRetry(() => this.attempt(connectionId, call), {
      ...this.deps.retry,
      shouldRetry: (error) => error instanceof GatewayError && error.retryable,
      onRetry: () => {
        this.deps.counters.retries += 1;
      },
    });
  }

  private async assertConnected(connectionId: string, verified: boolean): Promise<void> {
    const cached = this.deps.cache.get(connectionId);
    if (cached === 'gone') throw new ConnectionStaleError(connectionId);
    if (cached === 'connected' || verified) return;
    const record = await this.deps.connections.get(connectionId);
    if (!record || record.status !== 'CONNECTED') throw new ConnectionNotFoundError(connectionId);
    this.deps.cache.set(connectionId, 'connected');
  }

  private async attempt<T>(connectionId: string, call: () => Promise<T>): Promise<T> {
    const retryAfterMs = this.deps.failures.refuse(connectionId);
    if (retryAfterMs !== undefined) throw new CircuitOpenError('connection', { connectionId, retryAfterMs });
    try {
      const result = await this.gatewayCalls.run(() => this.deps.breaker.run(call));
      this.deps.failures.recordSuccess(connectionId);
      return result;
    } catch (error) {
      if (countsAgainstBreaker(error)) this.deps.failures.recordFailure(connectionId);
      else if (error instanceof GatewayError) this.deps.failures.recordSuccess(connectionId);
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
