// Runs the local stack (@streamer/local-stack's startLocalStack) in a process of its own: the stack runs the
// Lambda bundles in-process and makes their env the process env, and it holds one file descriptor per
// socket, so it must not share a process with the benchmark driver or with the client sockets.
// The lib's entry point is bundled here at run time, from the sources as they are now.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';
import { serveRpc } from '../core/rpc';
import type { LocalStackLike, StackInfo, StackStartOptions, StackStats } from './stack-types';

let stack: LocalStackLike | undefined;

async function loadStartLocalStack(root: string, scratch: string): Promise<(o: object) => Promise<LocalStackLike>> {
  const outfile = join(scratch, 'local-stack', `index-${process.pid}.cjs`);
  await build({
    entryPoints: [join(root, 'libs/local-stack/src/index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
    tsconfig: join(root, 'tsconfig.base.json'),
    absWorkingDir: root,
  });
  const loaded = createRequire(outfile)(outfile) as { startLocalStack?: unknown };
  if (typeof loaded.startLocalStack !== 'function') throw new Error('libs/local-stack/src/index.ts does not export startLocalStack');
  return loaded.startLocalStack as (o: object) => Promise<LocalStackLike>;
}

async function start(options: StackStartOptions): Promise<StackInfo> {
  if (stack) throw new Error('this process already runs a stack');
  const root = workspaceRoot();
  const startLocalStack = await loadStartLocalStack(root, options.scratch);
  stack = await startLocalStack({
    port: 0,
    distDir: options.distDir,
    stateDir: join(options.scratch, 'state'),
    cleanupIntervalMs: 0,
    env: options.env,
    ...(options.faults ? { faults: options.faults, faultSeed: options.faultSeed } : {}),
    ...(options.pollIntervalMs !== undefined ? { pollIntervalMs: options.pollIntervalMs } : {}),
    ...(options.dynamodbEndpoint ? { dynamodbEndpoint: options.dynamodbEndpoint } : {}),
  });
  const s = stack;
  return { wsUrl: s.wsUrl, managementEndpoint: s.managementEndpoint, stage: s.stage, region: s.region, tables: s.tables, dynamodbEndpoint: s.dynamodbEndpoint };
}

function running(): LocalStackLike {
  if (!stack) throw new Error('no stack running');
  return stack;
}

async function tokens(args: { subs: string[]; tenant: string }): Promise<string[]> {
  const s = running();
  return Promise.all(args.subs.map((sub) => s.token(sub, args.tenant)));
}

function stats(): Promise<StackStats> {
  const s = running();
  const memory = process.memoryUsage();
  return Promise.resolve({ rss: memory.rss, heapUsed: memory.heapUsed, connections: s.connectionCount(), management: s.managementStats() });
}

async function stop(): Promise<void> {
  await stack?.stop();
  stack = undefined;
}

serveRpc({ start, tokens, stats, stop });
