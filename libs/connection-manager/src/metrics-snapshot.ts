import type { BreakerState } from './breaker';
import type { LatencySummary } from './metrics';

/** What `getMetrics()` returns. Latencies in milliseconds since the manager was created. */
export interface ConnectionManagerMetrics {
  send: LatencySummary & { succeeded: number; failed: number };
  broadcast: LatencySummary & { completed: number; partial: number; sent: number; gone: number; failed: number };
  /** Failures by error key (`gateway_server`, `connection_stale`, `circuit_open_gateway`, …). */
  errors: Record<string, number>;
  /** Gateway calls retried after a retryable error. */
  retries: number;
  inFlight: { sends: number; broadcasts: number; checks: number; gatewayCalls: number };
  breakers: {
    gateway: BreakerState;
    /** Times the gateway breaker opened. */
    gatewayOpens: number;
    /** Connections currently skipped after repeated failures. */
    connectionsOpen: number;
    connectionsTracked: number;
  };
  cache: { hits: number; misses: number; size: number };
  background: {
    cleanupsStarted: number;
    cleanupsFailed: number;
    cleanupsPending: number;
    touchesWritten: number;
    touchesDropped: number;
    touchesFailed: number;
    touchesPending: number;
    /** Work `flush()` dropped at its deadline (see FlushReport.dropped). */
    droppedAtFlush: number;
  };
}
