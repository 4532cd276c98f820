// Parent side of invoke-child.ts: one forked process standing in for one Lambda execution environment.
import { forkTs, type RpcChild } from '../core/rpc';
import type { InvokeReport } from './invoke-child';

export interface LambdaChild {
  /** require() time of the bundle in this process, ms. */
  requireMs: number;
  invoke(events: unknown[]): Promise<InvokeReport>;
  stop(): Promise<void>;
}

/** With `countStoreCalls`, each report carries the DynamoDB calls of every invocation (`storeCalls`). */
export async function startLambdaChild(root: string, bundle: string, env: Record<string, string>, options: { countStoreCalls?: boolean } = {}): Promise<LambdaChild> {
  const child: RpcChild = forkTs(root, 'tools/bench/src/lambda/invoke-child.ts', { env });
  try {
    const requireMs = await child.call<number>('load', { bundle, countStoreCalls: options.countStoreCalls === true }, 60_000);
    return {
      requireMs,
      invoke: (events) => child.call<InvokeReport>('invoke', { events }, 120_000),
      stop: () => child.stop(),
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Throws when any invocation did not end with one of `expected` outcomes. */
export function assertOutcomes(report: InvokeReport, expected: readonly string[], what: string): void {
  const unexpected = Object.entries(report.outcomes).filter(([outcome]) => !expected.includes(outcome));
  if (unexpected.length === 0) return;
  const detail = unexpected.map(([o, n]) => `${n}× ${o}`).join(', ');
  throw new Error(`${what}: unexpected outcomes ${detail}${report.errors.length ? ` (${report.errors.join('; ')})` : ''}`);
}
