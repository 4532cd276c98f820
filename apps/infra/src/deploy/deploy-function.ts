// `nx deploy <app>`: uploads that app's bundle as the new code of its one Lambda function
// (UpdateFunctionCode), without touching the rest of the stack. `--dry-run` works offline.
import { LambdaClient, UpdateFunctionCodeCommand, waitUntilFunctionUpdatedV2 } from '@aws-sdk/client-lambda';
import { BUNDLE_ROOT, bundleDir, LAMBDA_APPS, type LambdaApp } from '../functions';
import { parseDeployArgs } from './args';
import { zipBundle } from './function-zip';

export interface FunctionDeployPlan {
  app: LambdaApp;
  functionName: string;
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
  return { app: app as LambdaApp, functionName: `${stackName}-${app}`, bytes: zip.length, sha256, files, zip };
}

export async function deployFunction(client: LambdaClient, plan: FunctionDeployPlan & { zip: Buffer }): Promise<string> {
  const updated = await client.send(new UpdateFunctionCodeCommand({ FunctionName: plan.functionName, ZipFile: plan.zip, Publish: true }));
  await waitUntilFunctionUpdatedV2({ client, maxWaitTime: 120 }, { FunctionName: plan.functionName });
  return updated.Version ?? '$LATEST';
}

/** The `nx deploy <app>` command; returns what it did, as one line. */
export async function runDeployFunction(argv: readonly string[], options: DeployFunctionOptions = {}): Promise<string> {
  const args = parseDeployArgs(argv);
  const [app] = args.positional;
  if (!app) throw new Error(`usage: deploy-function <app> [--dry-run] [--stack Streamer]; apps: ${LAMBDA_APPS.join(', ')}`);
  const plan = await planFunctionDeploy(app, args.stackName, options.bundleRoot);
  const summary = `${plan.functionName}: ${(plan.bytes / 1024).toFixed(1)} KiB zip (${plan.files.join(', ')}), CodeSha256 ${plan.sha256}`;
  if (args.dryRun) return `[dry run] would update the code of ${summary}`;
  const version = await deployFunction(options.client ?? new LambdaClient({ region: args.region }), plan);
  return `Deployed ${summary} as version ${version}`;
}
