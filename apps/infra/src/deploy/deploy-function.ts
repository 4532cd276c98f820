// `nx deploy <app>`: uploads that app's bundle as the new code of every Lambda function that runs it
// (UpdateFunctionCode; the processor bundle serves the processor and its sweeps), without touching
// the rest of the stack. `--dry-run` works offline.
import { LambdaClient, UpdateFunctionCodeCommand, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';
import { LAMBDA_APPS, LAMBDA_FUNCTION_NAMES, LAMBDA_FUNCTIONS, type LambdaApp } from '@streamer/config/deployment';
import { BUNDLE_ROOT, bundleDir } from '../functions';
import { parseDeployArgs } from './args';
import { zipBundle } from './function-zip';

export interface FunctionDeployPlan {
  app: LambdaApp;
  /** Every function of the stack whose code is this bundle. */
  functionNames: string[];
  bytes: number;
  sha256: string;
  files: string[];
}

export interface DeployFunctionOptions {
  client?: LambdaClient;
  bundleRoot?: string;
}

export async function planFunctionDeploy(
  app: string,
  stackName: string,
  bundleRoot = BUNDLE_ROOT,
): Promise<FunctionDeployPlan & { zip: Buffer }> {
  if (!(LAMBDA_APPS as readonly string[]).includes(app)) {
    throw new Error(`Unknown Lambda app "${app}"; expected one of ${LAMBDA_APPS.join(', ')}`);
  }
  const { zip, sha256, files } = await zipBundle(bundleDir(app as LambdaApp, bundleRoot));
  const functionNames = LAMBDA_FUNCTION_NAMES.filter((name) => LAMBDA_FUNCTIONS[name].bundle === app).map((name) => `${stackName}-${name}`);
  return { app: app as LambdaApp, functionNames, bytes: zip.length, sha256, files, zip };
}

export async function deployFunction(client: LambdaClient, functionName: string, zip: Buffer): Promise<string> {
  const updated = await client.send(new UpdateFunctionCodeCommand({ FunctionName: functionName, ZipFile: zip, Publish: true }));
  await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 120 }, { FunctionName: functionName });
  return updated.Version ?? '$LATEST';
}

/** The `nx deploy <app>` command; returns what it did, one line per function. */
export async function runDeployFunction(argv: readonly string[], options: DeployFunctionOptions = {}): Promise<string> {
  const args = parseDeployArgs(argv);
  const [app] = args.positional;
  if (!app) throw new Error(`usage: deploy-function <app> [--dry-run] [--stack Streamer]; apps: ${LAMBDA_APPS.join(', ')}`);
  const plan = await planFunctionDeploy(app, args.stackName, options.bundleRoot);
  const summary = (functionName: string): string =>
    `${functionName}: ${(plan.bytes / 1024).toFixed(1)} KiB zip (${plan.files.join(', ')}), CodeSha256 ${plan.sha256}`;
  if (args.dryRun) return plan.functionNames.map((name) => `[dry run] would update the code of ${summary(name)}`).join('\n');
  const client = options.client ?? new LambdaClient({ region: args.region });
  const lines: string[] = [];
  for (const name of plan.functionNames) lines.push(`Deployed ${summary(name)} as version ${await deployFunction(client, name, plan.zip)}`);
  return lines.join('\n');
}
