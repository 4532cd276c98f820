// The functions of a deployment and the bundles they run, from the deployment facts the CDK stack is
// built from (@streamer/config/deployment): the local stack runs each function with the same
// timeout, reports the same memory in its context, and loads the same handler export.
import path from 'node:path';
import { handlerParts, LAMBDA_APPS, LAMBDA_FUNCTIONS, type LambdaApp, type LambdaFunctionName } from '@streamer/config/deployment';

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
