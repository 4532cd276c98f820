import { readJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import path from 'node:path';

// The generator is plain CommonJS so Nx can load it without a TypeScript register hook.
const generatorPath = path.resolve(__dirname, '../../workspace-plugin/src/generators/lib/generator.cjs');
const libGenerator = require(generatorPath) as (tree: Tree, options: Record<string, unknown>) => Promise<void>;

function freshTree(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  tree.write('tsconfig.base.json', JSON.stringify({ compilerOptions: { paths: {} } }));
  return tree;
}

describe('workspace lib generator', () => {
  it('creates the house layout with tags and a path alias', async () => {
    const tree = freshTree();
    await libGenerator(tree, { name: 'rate-limits', scope: 'server', type: 'data-access' });

    const project = readJson(tree, 'libs/rate-limits/project.json');
    expect(project.tags).toEqual(['scope:server', 'type:data-access']);
    for (const file of ['README.md', 'jest.config.cjs', 'eslint.config.cjs', 'tsconfig.json', 'tsconfig.spec.json', 'src/index.ts']) {
      expect(tree.exists(`libs/rate-limits/${file}`)).toBe(true);
    }
    expect(tree.read('libs/rate-limits/src/index.ts', 'utf-8')).toMatch(/^export \{ rateLimitsVersion \} from '\.\/version';/);
    expect(tree.exists('libs/rate-limits/src/testing.ts')).toBe(false);
    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths).toEqual({
      '@streamer/rate-limits': ['libs/rate-limits/src/index.ts'],
    });
  });

  it('adds a ./testing entry point and browser-safe settings when asked', async () => {
    const tree = freshTree();
    await libGenerator(tree, { name: 'wire', scope: 'shared', type: 'util', browser: true, testing: true });

    expect(readJson(tree, 'tsconfig.base.json').compilerOptions.paths['@streamer/wire/testing']).toEqual(['libs/wire/src/testing.ts']);
    expect(readJson(tree, 'libs/wire/tsconfig.json').compilerOptions.types).toEqual([]);
    expect(tree.read('libs/wire/eslint.config.cjs', 'utf-8')).toContain('base.browserSafe');
  });

  it('refuses to overwrite an existing library', async () => {
    const tree = freshTree();
    await libGenerator(tree, { name: 'wire' });
    await expect(libGenerator(tree, { name: 'wire' })).rejects.toThrow('libs/wire already exists');
  });
});
