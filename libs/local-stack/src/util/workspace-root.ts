import { existsSync } from 'node:fs';
import path from 'node:path';

/** The repository root: the nearest directory above `from` holding nx.json (else `from` itself). */
export function workspaceRoot(from = process.cwd()): string {
  let dir = path.resolve(from);
  for (let depth = 0; depth < 64; depth++) {
    if (existsSync(path.join(dir, 'nx.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return path.resolve(from);
}
