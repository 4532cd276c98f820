// The web page's three files, ready to serve: index.html and styles.css as they are on disk, and the
// browser script bundled once with esbuild (in memory; @streamer/client and @streamer/protocol
// resolved through the workspace's path aliases). Nothing is written to disk.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';

export interface WebPage {
  html: string;
  css: string;
  /** The bundled browser script (an IIFE). */
  script: string;
}

export interface WebPageOptions {
  /** Where index.html, styles.css and browser/main.ts are; default apps/local/src/web of this workspace. */
  sourceDir?: string;
}

export async function buildWebPage(options: WebPageOptions = {}): Promise<WebPage> {
  const root = workspaceRoot(__dirname);
  const sourceDir = options.sourceDir ?? path.join(root, 'apps/local/src/web');
  const [html, css, script] = await Promise.all([
    readFile(path.join(sourceDir, 'index.html'), 'utf8'),
    readFile(path.join(sourceDir, 'styles.css'), 'utf8'),
    bundleScript(path.join(sourceDir, 'browser/main.ts'), root),
  ]);
  return { html, css, script };
}

async function bundleScript(entry: string, root: string): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    sourcemap: 'inline',
    legalComments: 'none',
    logLevel: 'silent',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    absWorkingDir: root,
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild produced no output for ${entry}`);
  return output.text;
}
