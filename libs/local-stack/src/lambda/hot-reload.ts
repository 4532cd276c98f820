// Hot reload: watches the sources the Lambda bundles are built from, rebuilds the bundles a change
// touches and deploys the new code into the running functions (LambdaFunction.replaceHandler), so
// sockets, DynamoDB Local and the queues stay up. Which bundle a file belongs to comes from the bundle's
// own esbuild metafile (`<distDir>/<app>/meta.json`, written by tools/scripts/bundle.cjs). A failed build
// keeps the running code (bundle.cjs leaves the previous bundle in place) and prints the error.
import { existsSync, type FSWatcher, readFileSync, watch } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { LAMBDA_APPS, LAMBDA_FUNCTION_NAMES, LAMBDA_FUNCTIONS, type LambdaApp } from '@streamer/config/deployment';
import type { Logger } from '@streamer/kernel';
import { workspaceRoot } from '@streamer/kernel/node';
import { compileFresh, functionEntry, loadBundleHandler, type StackFunctions } from './load-functions';

export interface HotReloadOptions {
  /** The workspace the bundles are built from (their metafile paths are relative to it); default the workspace root. */
  sourceRoot?: string;
  /** Folders watched recursively; default `<sourceRoot>/apps` and `<sourceRoot>/libs`. */
  watch?: string[];
  /** Quiet time after the last change before a rebuild starts, default 150 ms (editors write a file in steps). */
  debounceMs?: number;
}

/** Builds one app's bundle into `<distDir>/<app>`; rejects with the build error. */
export type RebuildBundle = (app: LambdaApp) => Promise<void>;

interface BundleScript {
  bundle(app: string, budgetKib: number, outRoot: string, sourceRoot: string, logLevel: 'silent'): Promise<unknown>;
  BUDGET_KIB: number;
}

/**
 * Rebuilds with tools/scripts/bundle.cjs, the `nx bundle` step: the same esbuild settings and budget.
 * esbuild itself stays silent: the reload prints the error on its one line.
 */
export function bundleScript(distDir: string, sourceRoot: string): RebuildBundle {
  const { bundle, BUDGET_KIB } = createRequire(__filename)(path.join(workspaceRoot(), 'tools/scripts/bundle.cjs')) as BundleScript;
  return async (app) => {
    await bundle(app, BUDGET_KIB, distDir, sourceRoot, 'silent');
  };
}

export interface HotReloadDeps {
  distDir: string;
  sourceRoot: string;
  watch: string[];
  debounceMs: number;
  functions: StackFunctions;
  rebuild: RebuildBundle;
  print: (line: string) => void;
  logger: Logger;
}

export class HotReload {
  private readonly watchers: FSWatcher[] = [];
  private readonly changed = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly deps: HotReloadDeps) {}

  start(): void {
    for (const root of this.deps.watch) {
      // Recursive watching is supported on Linux since Node 20 (https://nodejs.org/api/fs.html#caveats).
      const watcher = watch(root, { recursive: true }, (_event, file) => file && this.onChange(path.join(root, file.toString())));
      watcher.on('error', (error) => this.deps.logger.warn('Hot reload stopped watching a folder', { root, error }));
      this.watchers.push(watcher);
    }
  }

  /** Stops watching and waits for a rebuild under way. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    for (const watcher of this.watchers) watcher.close();
    await this.running;
  }

  private onChange(file: string): void {
    if (this.closed) return;
    this.changed.add(file);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const files = [...this.changed];
      this.changed.clear();
      // One reload at a time: changes made during a rebuild are picked up by the next one.
      this.running = this.running.then(() => this.reload(files)).catch((error: unknown) => this.deps.print(`↻ reload failed: ${oneLine(error)}`));
    }, this.deps.debounceMs);
  }

  private async reload(files: string[]): Promise<void> {
    const apps = LAMBDA_APPS.filter((app) => this.inputsOf(app).some((input) => files.includes(input)));
    if (apps.length === 0 || this.closed) return;
    const started = performance.now();
    const builds = await Promise.allSettled(apps.map((app) => this.deps.rebuild(app)));
    const ms = (performance.now() - started).toFixed(0);
    const failed = apps.filter((_app, i) => builds[i]?.status === 'rejected');
    const built = apps.filter((app) => !failed.includes(app));
    const swapped = built.flatMap((app) => this.deploy(app));
    if (swapped.length > 0) this.deps.print(`↻ reloaded ${swapped.join(', ')} (${built.join(', ')} rebuilt in ${ms} ms)`);
    for (const [i, app] of apps.entries()) {
      const build = builds[i];
      if (build?.status === 'rejected') this.deps.print(`↻ reload of ${app} failed after ${ms} ms, the previous code keeps running: ${oneLine(build.reason)}`);
    }
  }

  /** Loads the new bundle into every function built from `app`; returns their names. */
  private deploy(app: LambdaApp): string[] {
    const names = LAMBDA_FUNCTION_NAMES.filter((name) => LAMBDA_FUNCTIONS[name].bundle === app);
    return names.flatMap((name) => {
      const { file, exportName } = functionEntry(this.deps.distDir, name);
      try {
        this.deps.functions[name].replaceHandler(loadBundleHandler(file, exportName, compileFresh));
        return [this.deps.functions[name].functionName];
      } catch (error) {
        this.deps.print(`↻ reload of ${name} failed, the previous code keeps running: ${oneLine(error)}`);
        return [];
      }
    });
  }

  /** The absolute paths of the files the app's current bundle was built from. */
  private inputsOf(app: LambdaApp): string[] {
    const meta = path.join(this.deps.distDir, app, 'meta.json');
    if (!existsSync(meta)) return [];
    const { inputs } = JSON.parse(readFileSync(meta, 'utf8')) as { inputs: Record<string, unknown> };
    return Object.keys(inputs).map((input) => path.resolve(this.deps.sourceRoot, input));
  }
}

function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
