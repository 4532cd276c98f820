// Loads a Lambda bundle the way the Node.js runtime does: require `index.js` and take the export its
// handler setting names (`handler`, or `sweepHandler` for the processor's sweeps).
// Each call gets a fresh module instance, so a stack started after another one in the same process
// builds its dependencies from its own environment on its first invocation (a cold start).
import { existsSync } from 'node:fs';
import { LocalStackError } from '../util/errors';
import { BUNDLE_COMMAND } from './functions';
import type { LambdaHandler } from './lambda-function';

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
