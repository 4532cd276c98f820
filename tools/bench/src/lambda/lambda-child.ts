// Parent side of invoke-child.ts: one forked process standing in for one Lambda execution environment.
import { QUOTA_VARIABLES } from '@streamer/config';
import { forkTs, type RpcChild } from '../core/rpc';
import type { QuotaSetting } from '../core/store-tally';
import type { InvokeReport } from './invoke-child';

/** Every quota limit at 0, which turns each quota off with its store calls (docs/quotas.md). */
const QUOTAS_OFF_ENV: Readonly<Record<string, string>> = Object.fromEntries(Object.values(QUOTA_VARIABLES).map((name) => [name, '0']));

export interface LambdaChild {
  /** require() time of the bundle in this process, ms. */
  requireMs: number;
  invoke(events: unknown[]): Promise<InvokeReport>;
  stop(): Promise<void>;
}

export interface LambdaChildOptions {
  /** Each report carries the DynamoDB calls of every invocation (`storeCalls`). */
  countStoreCalls?: boolean;
  /** `off`: every quota limit at 0 in the child's env; default: the env's (the built-in defaults unless set). */
  quotas?: QuotaSetting;
}

export async function startLambdaChild(root: string, bundle: string, env: Record<string, string>, options: LambdaChildOptions = {}): Promise<LambdaChild> {
  const quotaEnv = options.quotas === 'off' ? QUOTAS_OFF_ENV : {};
  const child: RpcChild = forkTs(root, 'tools/bench/src/lambda/invoke-child.ts', { env: { ...env, ...quotaEnv } });
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
