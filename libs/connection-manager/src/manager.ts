// The connection manager: send, broadcast, isActive, metrics and graceful shutdown over a gateway
// port and the store contract. Build it once per cold start with createConnectionManager.
import { type BroadcastOptions, type BroadcastResult, type BroadcastTarget, runBroadcast } from './broadcast';
import { type DeliveryMode, encodeMessage } from './delivery';
import { ConnectionStaleError, isConnectionGone, ShutdownError } from './errors';
import { type ConnectionManagerMetrics, errorKey, snapshotMetrics } from './metrics';
import { type Components, type ConnectionManagerOptions, createComponents, type ResolvedOptions, resolveOptions } from './options';
import {
  DEFAULT_SETTLE_TIMEOUT_MS,
  drain,
  type DrainTargets,
  type FlushOptions,
  type FlushReport,
  flushTimeoutMs,
  InFlight,
  type ShutdownReport,
} from './shutdown';

export interface SendOptions {
  /** Added to log entries about this send. */
  correlationId?: string;
  /**
   * The caller already knows the connection is live — e.g. it is replying to the socket whose frame it
   * is handling (API Gateway just delivered that frame), even when the store no longer lists it (an
   * `UNAUTHORIZED` or `FORBIDDEN` reply). Skips the store lookup; retries, breakers and 410 handling
   * are unchanged, and a connection already seen gone (410) still fails with ConnectionStaleError.
   */
  verified?: boolean;
}

export interface ConnectionManager {
  /** Sends one message (a JSON value, or bytes) to one connection. */
  send(connectionId: string, message: unknown, options?: SendOptions): Promise<void>;
  /** Sends one message to many connections; throws BroadcastPartialFailureError when any failed. */
  broadcast(target: BroadcastTarget, message: unknown, options?: BroadcastOptions): Promise<BroadcastResult>;
  /** Cache, then store, then the gateway (GET) on a miss. A 410 → false (and cleanup). */
  isActive(connectionId: string): Promise<boolean>;
  /** Forgets the cached status of a connection (e.g. from a $disconnect handler sharing this manager). */
  invalidate(connectionId: string): void;
  /** A snapshot since creation; the same events go to the `metrics` option as they happen. */
  getMetrics(): ConnectionManagerMetrics;
  /**
   * Settles background work before a Lambda handler returns (the environment is frozen after it): waits
   * for operations in flight and background cleanups/touches until `timeoutMs` or the invocation's
   * remaining time less `marginMs`, then drops (and counts, and logs) what is left. The manager stays open.
   */
  flush(options?: FlushOptions): Promise<FlushReport>;
  /** Refuses new work, waits for work in flight and background tasks, reports what was left. */
  shutdown(options?: { timeoutMs?: number }): Promise<ShutdownReport>;
}

const SEND: DeliveryMode = { verified: false, touch: true };
const VERIFIED_SEND: DeliveryMode = { verified: true, touch: true };

export function createConnectionManager(options: ConnectionManagerOptions): ConnectionManager {
  return new DefaultConnectionManager(resolveOptions(options));
}

class DefaultConnectionManager implements ConnectionManager {
  private readonly parts: Components;
  private readonly sends = new InFlight();
  private readonly broadcasts = new InFlight();
  private readonly checks = new InFlight();
  private stopping: Promise<ShutdownReport> | undefined;

  constructor(private readonly o: ResolvedOptions) {
    this.parts = createComponents(o);
  }

  async send(connectionId: string, message: unknown, options: SendOptions = {}): Promise<void> {
    this.assertOpen('send');
    const started = performance.now();
    try {
      const payload = encodeMessage(message, this.o.maxMessageBytes);
      await this.sends.run(() => this.parts.delivery.deliver(connectionId, payload, options.verified === true ? VERIFIED_SEND : SEND));
      this.parts.counters.sent(performance.now() - started, false);
    } catch (error) {
      this.parts.counters.sent(performance.now() - started, true);
      this.onSendFailure(connectionId, error, options);
      throw error;
    }
  }

  async broadcast(target: BroadcastTarget, message: unknown, options: BroadcastOptions = {}): Promise<BroadcastResult> {
    this.assertOpen('broadcast');
    const payload = encodeMessage(message, this.o.maxMessageBytes);
    return this.broadcasts.run(() =>
      runBroadcast(target, payload, { ...this.o, ...this.parts }, { concurrency: this.o.broadcastConcurrency, ...options }),
    );
  }

  async isActive(connectionId: string): Promise<boolean> {
    this.assertOpen('isActive');
    return this.checks.run(async () => {
      const cached = this.parts.cache.get(connectionId);
      if (cached) return cached === 'connected';
      const record = await this.o.connections.get(connectionId);
      if (!record || record.status !== 'CONNECTED') return false;
      return this.confirmWithGateway(connectionId);
    });
  }

  invalidate(connectionId: string): void {
    this.parts.cache.invalidate(connectionId);
  }

  getMetrics(): ConnectionManagerMetrics {
    return snapshotMetrics(this.parts, { sends: this.sends, broadcasts: this.broadcasts, checks: this.checks });
  }

  async flush(options: FlushOptions = {}): Promise<FlushReport> {
    const { gone, touches, counters } = this.parts;
    const settledBefore = gone.settled + touches.settled;
    const timeoutMs = flushTimeoutMs(options);
    const { abandoned } = await drain(this.drainTargets(), timeoutMs);
    if (abandoned > 0) {
      const pending = { cleanupsPending: gone.pending, touchesPending: touches.pending, operationsInFlight: abandoned - gone.pending - touches.pending };
      gone.discardWaiting();
      touches.discardWaiting();
      counters.dropped(abandoned, 'flush');
      this.o.logger.warn('Background work dropped at flush: the invocation is out of time', { dropped: abandoned, timeoutMs, ...pending });
    }
    return { completed: gone.settled + touches.settled - settledBefore, dropped: abandoned };
  }

  shutdown(options: { timeoutMs?: number } = {}): Promise<ShutdownReport> {
    this.stopping ??= drain(this.drainTargets(), options.timeoutMs ?? DEFAULT_SETTLE_TIMEOUT_MS).finally(() => this.parts.breaker.shutdown());
    return this.stopping;
  }

  private drainTargets(): DrainTargets {
    return { operations: [this.sends, this.broadcasts, this.checks], background: [this.parts.gone, this.parts.touches] };
  }

  private async confirmWithGateway(connectionId: string): Promise<boolean> {
    const { delivery, cache } = this.parts;
    try {
      await delivery.withGatewayRetry(connectionId, () => this.o.gateway.get(connectionId));
    } catch (error) {
      const translated = await delivery.translate(connectionId, error);
      if (translated instanceof ConnectionStaleError) return false;
      throw translated;
    }
    cache.set(connectionId, 'connected');
    return true;
  }

  private assertOpen(operation: string): void {
    if (this.stopping) throw new ShutdownError(operation);
  }

  private onSendFailure(connectionId: string, error: unknown, options: SendOptions): void {
    this.parts.counters.countError(error);
    const fields = { connectionId, correlationId: options.correlationId, errorType: errorKey(error) };
    if (isConnectionGone(error)) this.o.logger.info('Connection gone', fields);
    else this.o.logger.warn('Send failed', { ...fields, error });
  }
}
