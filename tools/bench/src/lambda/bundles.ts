// Builds the Lambda bundles the way `nx bundle <app>` does (tools/scripts/bundle.cjs: esbuild, CommonJS,
// minified, node20, AWS SDK external), but into the benchmark's scratch directory, so a run never
// rewrites dist/ under a deploy or a CDK synth that may be reading it.
import { build } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { LambdaApp } from '@streamer/config/deployment';

export interface LambdaBundle {
  app: LambdaApp;
  file: string;
  bytes: number;
}

/** The externals and the syntax settings of tools/scripts/bundle.cjs, read from it so both builds stay the same. */
function bundleSettings(root: string): { external: string[]; supported: Record<string, boolean> } {
  const script = createRequire(join(root, 'package.json'))(join(root, 'tools/scripts/bundle.cjs')) as { EXTERNAL?: unknown; SUPPORTED?: unknown };
  if (!Array.isArray(script.EXTERNAL)) throw new Error('tools/scripts/bundle.cjs no longer exports EXTERNAL');
  if (typeof script.SUPPORTED !== 'object' || script.SUPPORTED === null) throw new Error('tools/scripts/bundle.cjs no longer exports SUPPORTED');
  return { external: script.EXTERNAL.map(String), supported: script.SUPPORTED as Record<string, boolean> };
}

export async function buildLambdaBundle(root: string, app: LambdaApp, outRoot: string): Promise<LambdaBundle> {
  const entry = join(root, 'apps', app, 'src', 'main.ts');
  if (!existsSync(entry)) throw new Error(`No Lambda entry point at apps/${app}/src/main.ts`);
  const outdir = join(outRoot, app);
  await build({
    entryPoints: { index: entry },
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'error',
    ...bundleSettings(root),
    tsconfig: join(root, 'apps', app, 'tsconfig.json'),
  });
  const file = join(outdir, 'index.js');
  return { app, file, bytes: statSync(file).size };
}
