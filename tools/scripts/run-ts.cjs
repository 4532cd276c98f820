#!/usr/bin/env node
// Runs a TypeScript entry point of this workspace with Node: esbuild bundles it (workspace path
// aliases resolved, npm packages left external) into a temporary CommonJS file, which is then required.
// Used for the CDK app and the deploy scripts. Usage: node tools/scripts/run-ts.cjs <file.ts> [args…]
// `bundleTs` is also what tools/scripts/check.cjs loads the store's shared DynamoDB Local helper with.
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

/** Bundles `entryPath` into a temporary CommonJS file inside the workspace; `remove()` deletes it. */
function bundleTs(entryPath) {
  // Inside the workspace so the bundle's external packages resolve from its node_modules.
  fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  const outdir = fs.mkdtempSync(path.join(root, 'tmp', 'run-ts-'));
  const file = path.join(outdir, 'entry.cjs');
  esbuild.buildSync({
    entryPoints: [entryPath],
    outfile: file,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: 'inline',
    logLevel: 'warning',
    tsconfig: path.join(root, 'tsconfig.base.json'),
    absWorkingDir: root,
  });
  return { file, remove: () => fs.rmSync(outdir, { recursive: true, force: true }) };
}

module.exports = { bundleTs };

if (require.main === module) {
  const [entry, ...args] = process.argv.slice(2);
  if (!entry) {
    process.stderr.write('usage: node tools/scripts/run-ts.cjs <file.ts> [args…]\n');
    process.exit(2);
  }
  const entryPath = path.resolve(entry);
  const bundle = bundleTs(entryPath);
  process.argv = [process.argv[0], entryPath, ...args];
  // Loaded modules keep their code and lookup paths, so the bundle goes as soon as it is required: a
  // process ended by a signal (test runners stop their children so) leaves nothing behind in tmp/.
  try {
    require(bundle.file);
  } finally {
    bundle.remove();
  }
}
