import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root: the nearest directory above this file holding nx.json. Works both from the
 * sources (tests) and from the temporary bundle the CDK app runs as (tools/scripts/run-ts.cjs).
 */
export function workspaceRoot(from: string = __dirname): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nx.json'))) return dir;
    if (dir === path.dirname(dir)) throw new Error(`No nx.json above ${from}`);
  }
}
