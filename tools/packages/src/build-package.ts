// Builds one browser-safe lib as an npm package in dist/packages/<name>: esbuild writes an ES module
// and a CommonJS file (the lib's own sources bundled, other @streamer packages left as imports), and
// dts-bundle-generator one self-contained declaration file (workspace-only types such as the kernel's
// Logger inlined, protocol types imported from the @streamer/protocol package: no path alias is left). Usage: node tools/scripts/run-ts.cjs tools/packages/src/build-package.ts <lib>
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateDtsBundle } from 'dts-bundle-generator';
import { buildSync } from 'esbuild';
import { workspaceRoot } from '@streamer/kernel/node';

/** The libs published as packages, and the @streamer packages each depends on at run time. */
const PACKAGES: Readonly<Record<string, { description: string; dependsOn: readonly string[] }>> = {
  protocol: { description: 'Streamer wire protocol v1: message types, parsers, reply constructors, error codes, limits.', dependsOn: [] },
  client: { description: 'StreamerClient: the Streamer WebSocket client for browsers and Node.', dependsOn: ['protocol'] },
};

const root = workspaceRoot(__dirname);

function buildPackage(name: string): string {
  const spec = PACKAGES[name];
  if (spec === undefined) throw new Error(`unknown package "${name}"; one of ${Object.keys(PACKAGES).join(', ')}`);
  const libDir = path.join(root, 'libs', name);
  const outDir = path.join(root, 'dist', 'packages', name);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const external = spec.dependsOn.map((dependency) => `@streamer/${dependency}`);
  for (const [format, file] of [['esm', 'index.mjs'], ['cjs', 'index.cjs']] as const) {
    buildSync({
      entryPoints: [path.join(libDir, 'src', 'index.ts')],
      outfile: path.join(outDir, file),
      bundle: true,
      platform: 'neutral',
      format,
      target: 'es2022',
      external,
      tsconfig: path.join(libDir, 'tsconfig.json'),
      logLevel: 'warning',
    });
  }
  const [types] = generateDtsBundle(
    [{ filePath: path.join(libDir, 'src', 'index.ts'), libraries: { importedLibraries: external }, output: { noBanner: true, exportReferencedTypes: false } }],
    { preferredConfigPath: typesConfig(name, spec.dependsOn) },
  );
  for (const file of ['index.d.ts', 'index.d.mts']) writeFileSync(path.join(outDir, file), types ?? '');
  copyFileSync(path.join(libDir, 'README.md'), path.join(outDir, 'README.md'));
  writeFileSync(path.join(outDir, 'package.json'), `${JSON.stringify(manifest(name, spec.description, spec.dependsOn), null, 2)}\n`);
  return outDir;
}

/**
 * The tsconfig the declarations are bundled with: the lib's own, except that each @streamer package it
 * depends on resolves to that package's built declarations, copied under a `node_modules` folder —
 * dts-bundle-generator then keeps `import … from '@streamer/protocol'` instead of inlining the types
 * (it inlines whatever does not come from `node_modules`, such as the kernel's `Logger`).
 */
function typesConfig(name: string, dependsOn: readonly string[]): string {
  const dir = path.join(root, 'tmp', `package-types-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const base = JSON.parse(readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')) as { compilerOptions: { paths: Record<string, string[]> } };
  const paths = { ...base.compilerOptions.paths };
  for (const dependency of dependsOn) {
    const installed = path.join(dir, 'node_modules', '@streamer', dependency);
    mkdirSync(installed, { recursive: true });
    for (const file of ['index.d.ts', 'package.json']) copyFileSync(path.join(root, 'dist', 'packages', dependency, file), path.join(installed, file));
    paths[`@streamer/${dependency}`] = [path.relative(root, path.join(installed, 'index.d.ts'))];
  }
  const config = path.join(dir, 'tsconfig.json');
  writeFileSync(config, JSON.stringify({ extends: path.join(root, 'libs', name, 'tsconfig.json'), compilerOptions: { paths }, files: [path.join(root, 'libs', name, 'src', 'index.ts')] }));
  return config;
}

function manifest(name: string, description: string, dependsOn: readonly string[]): Record<string, unknown> {
  const { version, license } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; license: string };
  return {
    name: `@streamer/${name}`,
    version,
    description,
    license,
    sideEffects: false,
    main: './index.cjs',
    module: './index.mjs',
    types: './index.d.ts',
    exports: {
      '.': {
        import: { types: './index.d.mts', default: './index.mjs' },
        require: { types: './index.d.ts', default: './index.cjs' },
      },
      './package.json': './package.json',
    },
    files: ['index.mjs', 'index.cjs', 'index.d.ts', 'index.d.mts', 'README.md'],
    dependencies: Object.fromEntries(dependsOn.map((dependency) => [`@streamer/${dependency}`, version])),
  };
}

for (const name of process.argv.slice(2)) process.stdout.write(`built ${path.relative(root, buildPackage(name))}\n`);
