// 8. Cold start: size of each Lambda bundle and its require() time in fresh Node processes (median of
// a few runs). Baseline: requiring the AWS SDK clients the bundles leave external, measured the same way.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from '../core/histogram';
import { figure, type Figure } from '../core/results';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { LAMBDA_APPS } from '@streamer/config/deployment';

const run = promisify(execFile);
const SIZES = { smoke: { runs: 1 }, quick: { runs: 3 }, full: { runs: 21 } };
/** What every bundle loads from the runtime (external): the DynamoDB client and its document client. */
const SDK_BASELINE = ['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'];
/** Packages some bundles load besides the DynamoDB clients, to attribute require() time (loaded on top of them). */
const COMPONENTS: Record<string, string> = {
  jose: 'jose',
  'powertools-logger': '@aws-lambda-powertools/logger',
  'client-apigatewaymanagementapi': '@aws-sdk/client-apigatewaymanagementapi',
  'client-sqs': '@aws-sdk/client-sqs',
};

export const coldStart: Scenario = {
  id: 'cold-start',
  title: 'Cold start: Lambda bundle size and require() time',
  run: async (ctx: BenchContext): Promise<ScenarioOutput> => {
    const { runs } = sized(ctx, SIZES);
    const bundles = [];
    for (const app of LAMBDA_APPS) bundles.push(await ctx.resources.bundle(app));
    const sets: Record<string, readonly string[]> = { sdk: SDK_BASELINE };
    for (const [key, module] of Object.entries(COMPONENTS)) sets[`component.${key}`] = [...SDK_BASELINE, module];
    for (const b of bundles) sets[b.app] = [b.file];
    const ms = await interleavedMedians(ctx.root, sets, runs);
    const sdk = figure('cold-start.sdk.require', `require ${SDK_BASELINE.join(' + ')} (external to every bundle)`, ms['sdk'] as number, 'ms');
    const figures: Figure[] = [sdk];
    for (const [key, module] of Object.entries(COMPONENTS)) {
      figures.push(figure(`cold-start.component.${key}.require`, `require the DynamoDB clients + ${module}`, ms[`component.${key}`] as number, 'ms', sdk));
    }
    for (const b of bundles) {
      figures.push(figure(`cold-start.${b.app}.size`, `${b.app} bundle size`, b.bytes / 1024, 'KiB'));
      figures.push(figure(`cold-start.${b.app}.require`, `${b.app} require() median`, ms[b.app] as number, 'ms', sdk));
    }
    return {
      params: { runs, node: process.version },
      figures,
      notes: [
        'Bundles are built with the `bundle` target\'s settings (esbuild, minified CommonJS, `@aws-sdk/*`, `@smithy/*` and `@aws-crypto/*` external: the Lambda runtime provides them, here they load from node_modules).',
        'require() time is measured inside a fresh `node` process per run (process start excluded) and includes loading those external SDK packages; the ratio compares it with loading the DynamoDB clients alone. ' +
          'Within each run every set is measured once, in turn, so the machine\'s load moves the baseline and the bundles alike. ' +
          'The "DynamoDB clients + …" lines attribute the rest: each loads one more package on top of the clients (value minus baseline is what that package adds).',
        'Importing a bundle opens no connection and reads no env: composition happens on the first invocation (see "first invocation" in the $connect scenario).',
      ],
    };
  },
};

/**
 * The median require() time of each set of modules, the sets measured in turn within every run, so a
 * change of the shared machine's load between runs moves the baseline and the bundles alike.
 */
async function interleavedMedians(root: string, sets: Record<string, readonly string[]>, runs: number): Promise<Record<string, number>> {
  const times: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    for (const [key, modules] of Object.entries(sets)) (times[key] ??= []).push(await requireOnce(root, modules));
  }
  return Object.fromEntries(Object.entries(times).map(([key, list]) => [key, median(list)]));
}

async function requireOnce(root: string, modules: readonly string[]): Promise<number> {
  const script = `const t=process.hrtime.bigint();for(const m of ${JSON.stringify(modules)})require(m);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const { stdout } = await run(process.execPath, ['-e', script], {
    cwd: root,
    timeout: 30_000,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const ms = Number(stdout);
  if (!Number.isFinite(ms)) throw new Error(`require of ${modules.join(', ')} printed ${JSON.stringify(stdout)}`);
  return ms;
}
