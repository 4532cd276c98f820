// The five Lambda functions of the stack, each from its bundle, named as in a deployment.
import { existsSync } from 'node:fs';
import { LocalStackError } from '../util/errors';
import { BUNDLE_COMMAND, bundleFile, FUNCTION_SPECS, LAMBDA_APPS, type LambdaApp } from './functions';
import type { FreezeCheck } from './freeze-check';
import { LambdaFunction } from './lambda-function';
import { loadBundleHandler } from './load-bundle';

export type StackFunctions = Record<LambdaApp, LambdaFunction>;

/** Fails, naming every missing bundle, before anything is started. */
export function assertBundlesBuilt(distDir: string): void {
  const missing = LAMBDA_APPS.filter((app) => !existsSync(bundleFile(distDir, app)));
  if (missing.length > 0) {
    throw new LocalStackError(`Lambda bundles missing for ${missing.join(', ')} (under ${distDir}): run \`${BUNDLE_COMMAND}\`, or \`npm start\` which builds them`);
  }
}

export function loadFunctions(distDir: string, region: string, namePrefix: string, freezeCheck?: FreezeCheck): StackFunctions {
  const load = (app: LambdaApp): LambdaFunction =>
    new LambdaFunction({
      functionName: `${namePrefix}-${app}`,
      handler: loadBundleHandler(bundleFile(distDir, app)),
      timeoutMs: FUNCTION_SPECS[app].timeoutMs,
      memoryMb: FUNCTION_SPECS[app].memoryMb,
      region,
      ...(freezeCheck ? { freezeCheck } : {}),
    });
  return Object.fromEntries(LAMBDA_APPS.map((app) => [app, load(app)])) as StackFunctions;
}
