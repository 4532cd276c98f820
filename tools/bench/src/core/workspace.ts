// Paths of the workspace the benchmark runs in, and a scratch directory inside it (bundles and child
// entry points must live inside the workspace so their external packages resolve from node_modules).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The nearest directory at or above `from` holding nx.json. */
export function workspaceRoot(from: string = process.cwd()): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No Nx workspace (nx.json) at or above ${from}`);
  }
}

export interface ScratchDir {
  path: string;
  remove(): void;
}

export function createScratchDir(root: string): ScratchDir {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const path = mkdtempSync(join(root, 'tmp', 'bench-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
