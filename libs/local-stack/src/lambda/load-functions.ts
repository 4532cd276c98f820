// The Lambda functions of the deployment facts, each from its bundle and handler, named as in a deployment.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { handlerParts, LAMBDA_APPS, LAMBDA_FUNCTION_NAMES, LAMBDA_FUNCTIONS, type LambdaApp, type LambdaFunctionName } from '@streamer/config/deployment';
import { LocalStackError } from '../util/support';
import type { FreezeCheck } from './freeze-check';
import { LambdaFunction, type LambdaHandler } from './lambda-function';

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

// The functions of a deployment and the bundles they run, from the deployment facts the CDK stack is
// built from (@streamer/config/deployment): the local stack runs each function with the same
// timeout, reports the same memory in its context, and loads the same handler export.
/** `dist/apps/<app>/index.js`, what `nx run <app>:bundle` writes. */
export function bundleFile(distDir: string, app: LambdaApp): string {
  return path.join(distDir, app, 'index.js');
}

/** The bundle file and the export a function runs (`index.sweepHandler` → `index.js`, `sweepHandler`). */
export function functionEntry(distDir: string, name: LambdaFunctionName): { file: string; exportName: string } {
  const facts = LAMBDA_FUNCTIONS[name];
  const { file, exportName } = handlerParts(facts.handler);
  return { file: path.join(distDir, facts.bundle, file), exportName };
}

/** The command that builds every bundle the stack needs. */
export const BUNDLE_COMMAND = `npx nx run-many -t bundle -p ${LAMBDA_APPS.join(',')}`;

// Loads a Lambda bundle the way the Node.js runtime does: require `index.js` and take the export its
// handler setting names (`handler`, or `sweepHandler` for the processor's sweeps).
// Each call gets a fresh module instance, so a stack started after another one in the same process
// builds its dependencies from its own environment on its first invocation (a cold start).
export function loadBundleHandler(file: string, exportName = 'handler'): LambdaHandler {
  if (!existsSync(file)) {
    throw new LocalStackError(`No Lambda bundle at ${file}: build the bundles first (${BUNDLE_COMMAND}), or run \`npm start\``);
  }
  const resolved = require.resolve(file);
  // Under Jest this cache is a read-only view (each test file has its own registry anyway).
  delete require.cache[resolved];
  const loaded: unknown = require(resolved);
  const handler = (loaded as Record<string, unknown> | null)?.[exportName];
  if (typeof handler !== 'function') {
    throw new LocalStackError(`${file} does not export a ${exportName} function (Lambda runs it as index.${exportName})`);
  }
  return handler as LambdaHandler;
}
