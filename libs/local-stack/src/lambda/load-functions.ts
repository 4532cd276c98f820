// The Lambda functions of the deployment facts, each from its bundle and handler, named as in a deployment.
import { existsSync } from 'node:fs';
import { LAMBDA_APPS, LAMBDA_FUNCTION_NAMES, LAMBDA_FUNCTIONS, type LambdaFunctionName } from '@streamer/config/deployment';
import { LocalStackError } from '../util/errors';
import { BUNDLE_COMMAND, bundleFile, functionEntry } from './functions';
import type { FreezeCheck } from './freeze-check';
import { LambdaFunction } from './lambda-function';
import { loadBundleHandler } from './load-bundle';

export type StackFunctions = Record<LambdaFunctionName, LambdaFunction>;

/** Fails, naming every missing bundle, before anything is started. */
export function assertBundlesBuilt(distDir: string): void {
  const missing = LAMBDA_APPS.filter((app) => !existsSync(bundleFile(distDir, app)));
  if (missing.length > 0) {
    throw new LocalStackError(`Lambda bundles missing for ${missing.join(', ')} (under ${distDir}): run \`${BUNDLE_COMMAND}\`, or \`npm start\` which builds them`);
  }
}

export function loadFunctions(distDir: string, region: string, namePrefix: string, freezeCheck?: FreezeCheck): StackFunctions {
  const load = (name: LambdaFunctionName): LambdaFunction => {
    const { file, exportName } = functionEntry(distDir, name);
    return new LambdaFunction({
      functionName: `${namePrefix}-${name}`,
      handler: loadBundleHandler(file, exportName),
      timeoutMs: LAMBDA_FUNCTIONS[name].timeoutSeconds * 1000,
      memoryMb: LAMBDA_FUNCTIONS[name].memoryMb,
      region,
      ...(freezeCheck ? { freezeCheck } : {}),
    });
  };
  return Object.fromEntries(LAMBDA_FUNCTION_NAMES.map((name) => [name, load(name)])) as StackFunctions;
}
