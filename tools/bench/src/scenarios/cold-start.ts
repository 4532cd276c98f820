// 8. Cold start: size of each Lambda bundle and its require() time in fresh Node processes (median of
// a few runs). Baseline: requiring the AWS SDK clients the bundles leave external, measured the same way.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { median } from '../core/histogram';
import { figure, type Figure } from '../core/results';
import { type BenchContext, type Scenario, type ScenarioOutput, sized } from '../core/scenario';
import { LAMBDA_APPS } from '@streamer/config/deployment';

const run = promisify(execFile);
const SIZES = { quick: { runs: 1 }, full: { runs: 5 } };
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
    const sdkMs = await medianRequire(ctx.root, SDK_BASELINE, runs);
    const sdk = figure('cold-start.sdk.require', `require ${SDK_BASELINE.join(' + ')} (external to every bundle)`, sdkMs, 'ms');
    const figures: Figure[] = [sdk];
    for (const [key, module] of Object.entries(COMPONENTS)) {
      const ms = await medianRequire(ctx.root, [...SDK_BASELINE, module], runs);
      figures.push(figure(`cold-start.component.${key}.require`, `require the DynamoDB clients + ${module}`, ms, 'ms', sdk));
    }
    for (const app of LAMBDA_APPS) {
      const bundle = await ctx.resources.bundle(app);
      figures.push(figure(`cold-start.${app}.size`, `${app} bundle size`, bundle.bytes / 1024, 'KiB'));
      figures.push(figure(`cold-start.${app}.require`, `${app} require() median`, await medianRequire(ctx.root, [bundle.file], runs), 'ms', sdk));
    }
    return {
      params: { runs, node: process.version },
      figures,
      notes: [
        'Bundles are built with the `bundle` target\'s settings (esbuild, minified CommonJS, `@aws-sdk/*`, `@smithy/*` and `@aws-crypto/*` external: the Lambda runtime provides them, here they load from node_modules).',
        'require() time is measured inside a fresh `node` process per run (process start excluded) and includes loading those external SDK packages; the ratio compares it with loading the DynamoDB clients alone. ' +
          'The "DynamoDB clients + …" lines attribute the rest: each loads one more package on top of the clients (value minus baseline is what that package adds).',
        'Importing a bundle opens no connection and reads no env: composition happens on the first invocation (see "first invocation" in the $connect scenario).',
      ],
    };
  },
};

async function medianRequire(root: string, modules: readonly string[], runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await requireOnce(root, modules));
  return median(times);
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
