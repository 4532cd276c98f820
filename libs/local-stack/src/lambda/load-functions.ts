// The Lambda functions of the deployment facts, each from its bundle and handler, named as in a deployment.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';
import path from 'node:path';
import { handlerParts, LAMBDA_APPS, LAMBDA_FUNCTION_NAMES, LAMBDA_FUNCTIONS, type LambdaApp, type LambdaFunctionName } from '@streamer/config/deployment';
import { LocalStackError } from '../util/support';
import type { FreezeCheck } from './freeze-check';
import { type InvocationReport, LambdaFunction, type LambdaHandler } from './lambda-function';

export type StackFunctions = Record<LambdaFunctionName, LambdaFunction>;

/** Fails, naming every missing bundle, before anything is started. */
export function assertBundlesBuilt(distDir: string): void {
  const missing = LAMBDA_APPS.filter((app) => !existsSync(bundleFile(distDir, app)));
  if (missing.length > 0) {
    throw new LocalStackError(`Lambda bundles missing for ${missing.join(', ')} (under ${distDir}): run \`${BUNDLE_COMMAND}\`, or \`npm start\` which builds them`);
  }
}

export function loadFunctions(
  distDir: string,
  region: string,
  namePrefix: string,
  extras: { freezeCheck?: FreezeCheck; onInvocation?: (report: InvocationReport) => void } = {},
): StackFunctions {
  const load = (name: LambdaFunctionName): LambdaFunction => {
    const { file, exportName } = functionEntry(distDir, name);
    return new LambdaFunction({
      functionName: `${namePrefix}-${name}`,
      handler: loadBundleHandler(file, exportName),
      timeoutMs: LAMBDA_FUNCTIONS[name].timeoutSeconds * 1000,
      memoryMb: LAMBDA_FUNCTIONS[name].memoryMb,
      region,
      ...extras,
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
// builds its dependencies from its own environment on its first invocation (a cold start). Hot reload
// passes `compileFresh`, which reads the file again even where a test runner's registry caches it.
export function loadBundleHandler(file: string, exportName = 'handler', load: (file: string) => unknown = requireFresh): LambdaHandler {
  if (!existsSync(file)) {
    throw new LocalStackError(`No Lambda bundle at ${file}: build the bundles first (${BUNDLE_COMMAND}), or run \`npm start\``);
  }
  const loaded = load(file);
  const handler = (loaded as Record<string, unknown> | null)?.[exportName];
  if (typeof handler !== 'function') {
    throw new LocalStackError(`${file} does not export a ${exportName} function (Lambda runs it as index.${exportName})`);
  }
  return handler as LambdaHandler;
}

function requireFresh(file: string): unknown {
  const resolved = require.resolve(file);
  // Under Jest this cache is a read-only view (each test file has its own registry anyway).
  delete require.cache[resolved];
  return require(resolved);
}

/**
 * A new module instance of `file`, compiled from its current contents with the parameters Node's
 * CommonJS wrapper gives a file (its `require` resolves from the file's folder), bypassing every module
 * cache. `process` is passed in too: the bundle reads the environment the stack applied to this
 * realm's `process` (under Jest, the test's sandboxed one).
 */
export function compileFresh(file: string): unknown {
  const params = ['exports', 'require', 'module', '__filename', '__dirname', 'process'];
  const run = compileFunction(readFileSync(file, 'utf8'), params, { filename: file });
  const fresh = { exports: {} as unknown };
  run(fresh.exports, createRequire(file), fresh, file, path.dirname(file), process);
  return fresh.exports;
}
