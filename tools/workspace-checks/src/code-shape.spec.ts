import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportedNames, formatShape, libShapes, median, unusedExports } from './code-shape';
import { PUBLIC_API } from './public-api';

const root = path.resolve(__dirname, '../../..');

function workspace(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamer-shape-'));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe('code shape', () => {
  it('prints the grain and surface figures of the workspace', () => {
    const table = formatShape(root);
    console.log(`Code shape (production files, non-blank lines):\n${table}`);
    expect(table).toMatch(/\(all libs\)\s+\d+/);
  });

  it('keeps the libraries concept-sized: production file median of at least 80 lines', () => {
    expect(libShapes(root).all.medianLines).toBeGreaterThanOrEqual(80);
  });

  it('exports no name that nothing outside its lib imports, beyond the public API allow-list', () => {
    const { unused } = unusedExports(root);
    const unexpected = unused.filter(({ specifier, name }) => !PUBLIC_API[specifier]?.includes(name));
    expect(unexpected.map(({ specifier, name }) => `${specifier}: ${name}`)).toEqual([]);
  });

  it('gives test-helper folders one name: test-support (test doubles behind ./testing)', () => {
    const helperLike = /^(__fixtures__|fixtures|__helpers__|helpers|test-utils|test-helpers|testutils|__mocks__|support)$/;
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (!entry.isDirectory() || ['node_modules', 'dist', '.nx', 'tmp'].includes(entry.name)) continue;
        const full = path.join(dir, entry.name);
        if (helperLike.test(entry.name)) found.push(path.relative(root, full));
        walk(full);
      }
    };
    for (const dir of ['apps', 'libs', 'tools']) walk(path.join(root, dir));
    expect(found).toEqual([]);
  });

  it('keeps the allow-list honest: every allowed name is still exported', () => {
    const exported = new Set(
      unusedExports(root).exported.map(({ specifier, name }) => `${specifier}: ${name}`),
    );
    const stale = Object.entries(PUBLIC_API).flatMap(([specifier, names]) => names.map((name) => `${specifier}: ${name}`)).filter((n) => !exported.has(n));
    expect(stale).toEqual([]);
  });

  it('counts exports by name, values and types alike, and refuses export *', () => {
    const dir = workspace({
      'a.ts': "export { x, y as z } from './x';\nexport type { T } from './t';\nexport const k = 1, j = 2;\nexport function f() {}\nexport class C {}\nexport interface I {}\nconst hidden = 3;\n",
      'b.ts': "export * from './x';\n",
    });
    expect(exportedNames(path.join(dir, 'a.ts')).sort()).toEqual(['C', 'I', 'T', 'f', 'j', 'k', 'x', 'z']);
    expect(() => exportedNames(path.join(dir, 'b.ts'))).toThrow(/export \*/);
  });

  it('finds exported names that nothing outside their lib imports', () => {
    const dir = workspace({
      'tsconfig.base.json': JSON.stringify({ compilerOptions: { paths: { '@s/a': ['libs/a/src/index.ts'], '@s/a/testing': ['libs/a/src/testing.ts'] } } }),
      'libs/a/src/index.ts': "export { used, onlyInside, typeUsed } from './impl';\n",
      'libs/a/src/testing.ts': 'export const fake = 1;\n',
      'libs/a/src/other.ts': "import { onlyInside } from '@s/a';\n",
      'apps/x/src/main.ts': "import { used } from '@s/a';\nlet t: import('@s/a').typeUsed;\n",
      'tools/t/src/t.ts': "import * as all from '@s/a/testing';\n",
    });
    expect(unusedExports(dir)).toMatchObject({ total: 4, unused: [{ specifier: '@s/a', name: 'onlyInside' }] });
    expect(libShapes(dir).all.files).toBe(2);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});
