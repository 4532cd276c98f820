// The five Lambda apps and the sizing the CDK stack gives them (apps/infra/src/functions.ts):
// the local stack runs each bundle with the same timeout and reports the same memory in its context.
import path from 'node:path';

export const LAMBDA_APPS = ['connect', 'disconnect', 'router', 'processor', 'admin-connection-manager'] as const;
export type LambdaApp = (typeof LAMBDA_APPS)[number];

export interface FunctionSpec {
  timeoutMs: number;
  memoryMb: number;
}

export const FUNCTION_SPECS: Readonly<Record<LambdaApp, FunctionSpec>> = {
  connect: { timeoutMs: 10_000, memoryMb: 256 },
  disconnect: { timeoutMs: 10_000, memoryMb: 256 },
  router: { timeoutMs: 30_000, memoryMb: 256 },
  processor: { timeoutMs: 300_000, memoryMb: 1024 },
  'admin-connection-manager': { timeoutMs: 300_000, memoryMb: 256 },
};

/** `dist/apps/<app>/index.js`, what `nx run <app>:bundle` writes and Lambda runs as `index.handler`. */
export function bundleFile(distDir: string, app: LambdaApp): string {
  return path.join(distDir, app, 'index.js');
}

/** The command that builds every bundle the stack needs. */
export const BUNDLE_COMMAND = `npx nx run-many -t bundle -p ${LAMBDA_APPS.join(',')}`;
