// The CDK stack's EventBridge schedules (deployment facts `SCHEDULES`): each invokes its function with
// a scheduled event — the admin Lambda treats it as `cleanup_stale_connections`, the processor's sweep
// handler runs its sweeps. One run of a schedule at a time.
import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../lambda/context';
import type { LocalLogger } from '../util/logger';

export function scheduledEvent(region: string, ruleName: string, now = new Date()): Record<string, unknown> {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:events:${region}:${LOCAL_ACCOUNT_ID}:rule/${ruleName}`],
    detail: {},
  };
}

/** Starts one schedule; returns its stop function. An interval of 0 schedules nothing. */
export function startSchedule(intervalMs: number, run: () => Promise<unknown>, rule: string, logger: LocalLogger): () => void {
  if (intervalMs <= 0) return () => undefined;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    run()
      .catch((error: unknown) => logger.warn('Scheduled invocation failed', { rule, error }))
      .finally(() => {
        running = false;
      });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
