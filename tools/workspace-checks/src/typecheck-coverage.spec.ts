// `npm test` type-checks each file in its own project's program only (tools/scripts/typecheck-all.cjs):
// a TypeScript file that no project's typecheck tsconfig includes would be checked nowhere, even when
// another project imports it. Every .ts file under apps/, libs/ and tools/ must be some project's own.
import fs from 'node:fs';
import path from 'node:path';
import { workspaceRoot as findWorkspaceRoot } from '@streamer/kernel/node';

const workspaceRoot = findWorkspaceRoot(__dirname);
const { ownedFiles } = require(path.join(workspaceRoot, 'tools/scripts/typecheck-all.cjs')) as { ownedFiles(): string[] };

function typeScriptFiles(dir: string): string[] {
  return fs
    .readdirSync(path.join(workspaceRoot, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.split(path.sep).includes('node_modules'))
    .map((f) => path.join(workspaceRoot, dir, f));
}

describe('type check coverage', () => {
  it('includes every TypeScript file in the typecheck tsconfig of some project', () => {
    const owned = new Set(ownedFiles());
    const files = ['apps', 'libs', 'tools'].flatMap(typeScriptFiles);
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => !owned.has(f)).map((f) => path.relative(workspaceRoot, f))).toEqual([]);
  });
});
