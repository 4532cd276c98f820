// Shared helpers of the store contract suites (test code).
import { randomUUID } from 'node:crypto';
import type { ConnectionRecord } from '../model';

/** A store built around an injected epoch-ms clock. */
export type StoreFactory<S> = (clock: () => number) => S | Promise<S>;

/**
 * Start of the injected clock. Far in the future on purpose: DynamoDB Local deletes items whose `ttl`
 * has passed by the wall clock, so TTLs derived from this clock must stay ahead of real time.
 */
export const T0 = Date.UTC(2090, 0, 15, 12, 0, 0);

/** Controllable clock: tests move `now` instead of waiting. */
export function manualClock(): { clock: () => number; set(now: number): void; advance(ms: number): void } {
  let now = T0;
  return {
    clock: () => now,
    set: (value) => {
      now = value;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

/** Unique id prefix, so suites sharing one DynamoDB table never see each other's items. */
export function uid(label: string): string {
  return `${label}-${randomUUID()}`;
}

export function connection(overrides: Partial<ConnectionRecord> & Pick<ConnectionRecord, 'connectionId'>): ConnectionRecord {
  return {
    userId: 'user-1',
    tenantId: 'tenant-1',
    status: 'CONNECTED',
    endpoint: 'https://example.execute-api.eu-west-1.amazonaws.com/prod',
    connectedAt: T0,
    lastActiveAt: T0,
    ttl: Math.floor(T0 / 1000) + 86_400,
    ...overrides,
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Runs `task` over `inputs` with at most `limit` in flight. */
export async function inBatches<T>(inputs: readonly T[], limit: number, task: (input: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < inputs.length; i += limit) {
    await Promise.all(inputs.slice(i, i + limit).map(task));
  }
}
