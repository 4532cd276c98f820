// Assembles getMetrics(): counters and latency summaries plus live gauges.
import type { Components } from './components';
import type { InFlight } from './in-flight';
import type { ConnectionManagerMetrics } from './metrics-snapshot';

export function snapshotMetrics(
  parts: Components,
  operations: { sends: InFlight; broadcasts: InFlight; checks: InFlight },
): ConnectionManagerMetrics {
  const { counters: c, breaker, failures, cache, gone, touches, delivery } = parts;
  return {
    send: { ...c.sendLatency.summary(), succeeded: c.sendsSucceeded, failed: c.sendsFailed },
    broadcast: {
      ...c.broadcastLatency.summary(),
      completed: c.broadcastsCompleted,
      partial: c.broadcastsPartial,
      sent: c.recipientsSent,
      gone: c.recipientsGone,
      failed: c.recipientsFailed,
    },
    errors: c.errorsByType(),
    retries: c.retries,
    inFlight: {
      sends: operations.sends.size,
      broadcasts: operations.broadcasts.size,
      checks: operations.checks.size,
      gatewayCalls: delivery.gatewayCalls.size,
    },
    breakers: {
      gateway: breaker.state,
      gatewayOpens: breaker.opens,
      connectionsOpen: failures.openCount(),
      connectionsTracked: failures.tracked,
    },
    cache: { hits: cache.hits, misses: cache.misses, size: cache.size },
    background: {
      cleanupsStarted: gone.started,
      cleanupsFailed: gone.failed,
      cleanupsPending: gone.pending,
      touchesWritten: touches.written,
      touchesDropped: touches.dropped,
      touchesFailed: touches.failed,
      touchesPending: touches.pending,
      droppedAtFlush: c.droppedAtFlush,
    },
  };
}
