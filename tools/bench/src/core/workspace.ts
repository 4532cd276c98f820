// A scratch directory inside the workspace the benchmark runs in (bundles and child entry points must
// live inside the workspace so their external packages resolve from node_modules).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface ScratchDir {
  path: string;
  remove(): void;
}

export function createScratchDir(root: string): ScratchDir {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const path = mkdtempSync(join(root, 'tmp', 'bench-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
