// The two local stacks a run may need: a clean one, and one answering the management API with
// injected faults. Each starts on first use and is shared by the scenarios that need it.
import { randomBytes } from 'node:crypto';
import { tableEnv, tableNames } from '../core/embedded-dynamo';
import type { BenchContext } from '../core/scenario';
import { type StackSession, startStackSession } from './stack-session';

/** Lambda settings of the benchmark's stacks: generate_report without its sleeps, so what is timed is the pipeline. */
const LAMBDA_ENV = { REPORT_STEP: '0ms', POWERTOOLS_LOG_LEVEL: 'WARN' };

export const FAULTS = '429:0.05,410:0.01';
export const FAULT_SEED = 9;

export function cleanStack(ctx: BenchContext): Promise<StackSession> {
  return ctx.resources.shared('stack', async () => {
    const distDir = await ctx.resources.allBundles();
    return startStackSession(ctx.root, { distDir, scratch: ctx.resources.scratch, ...stackDynamo(ctx) }, ctx.printer);
  });
}

export function faultyStack(ctx: BenchContext): Promise<StackSession> {
  return ctx.resources.shared('stack:faults', async () => {
    const distDir = await ctx.resources.allBundles();
    const options = { distDir, scratch: ctx.resources.scratch, faults: FAULTS, faultSeed: FAULT_SEED, ...stackDynamo(ctx) };
    return startStackSession(ctx.root, options, ctx.printer);
  });
}

/** Sockets opened at once when a fleet connects. */
export function connectConcurrency(ctx: BenchContext): number {
  return ctx.quick ? 25 : 100;
}

/** The Lambda env, and on the DynamoDB the run was given tables of the stack's own there (else the stack starts DynamoDB Local). */
function stackDynamo(ctx: BenchContext): { dynamodbEndpoint?: string; env: Record<string, string> } {
  const endpoint = ctx.resources.dynamodbEndpoint;
  if (!endpoint) return { env: LAMBDA_ENV };
  return { dynamodbEndpoint: endpoint, env: { ...LAMBDA_ENV, ...tableEnv(tableNames(`bench-stack-${randomBytes(4).toString('hex')}`)) } };
}
