import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE_DIR = __dirname;
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;
const NODE_GLOBALS = /\b(Buffer|process|__dirname|__filename|global|setImmediate)\b/;

function librarySources(): string[] {
  return readdirSync(SOURCE_DIR).filter((file) => file.endsWith('.ts') && !/\.(spec|test)\.ts$/.test(file));
}

function importsOf(file: string): string[] {
  const code = readFileSync(join(SOURCE_DIR, file), 'utf8');
  return [...code.matchAll(IMPORT)].map((match) => match[1] ?? '');
}

function codeWithoutComments(file: string): string {
  return readFileSync(join(SOURCE_DIR, file), 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');
}

describe('browser safety', () => {
  it('finds the library sources and their imports (the scan itself works)', () => {
    expect(librarySources()).toEqual(expect.arrayContaining(['index.ts', 'parse.ts', 'frame.ts']));
    expect(importsOf('parse.ts')).toContain('./frame');
    expect(importsOf('browser-safety.spec.ts')).toContain('node:module');
  });

  it.each(librarySources())('%s imports no Node built-in and no package', (file) => {
    const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);
    for (const specifier of importsOf(file)) {
      expect(nodeBuiltins.has(specifier) || specifier.startsWith('node:')).toBe(false);
      expect(specifier).toMatch(/^\.\.?\//);
    }
  });

  it.each(librarySources())('%s uses no Node-only global', (file) => {
    expect(codeWithoutComments(file)).not.toMatch(NODE_GLOBALS);
  });
});
