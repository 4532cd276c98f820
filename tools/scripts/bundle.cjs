#!/usr/bin/env node
// Bundles one Lambda app: apps/<app>/src/main.ts → dist/apps/<app>/index.js (handler: index.handler).
// CommonJS, minified, with a source map, for the Node.js Lambda runtime. Fails when the bundle is over
// its budget. The bundle is written beside its folder and swapped in only once it built and fits its budget,
// so a failed build leaves the previous bundle in place (the local stack's hot reload relies on it).
// Usage: node tools/scripts/bundle.cjs <app> [--budget-kib=500]
const esbuild = require('esbuild');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const BUDGET_KIB = 500;

// The Lambda Node.js runtime ships AWS SDK v3 (and its @smithy dependencies): left out of the bundle,
// they cost nothing to download and load from the runtime's own copy.
const EXTERNAL = ['@aws-sdk/*', '@smithy/*', '@aws-crypto/*'];

// `import()` of an external package (an SDK client loaded on first use) becomes a deferred `require()`:
// the bundle is CommonJS, and a native dynamic import fails where the bundle is loaded into a vm
// context without an ESM loader (the local stack inside Jest).
const SUPPORTED = { 'dynamic-import': false };

// `sourceRoot` is the workspace the app's sources are read from (this one by default); the metafile's
// input paths are relative to it. `logLevel` 'silent' leaves reporting a failure to the caller.
async function bundle(app, budgetKib = BUDGET_KIB, outRoot = path.join(root, 'dist', 'apps'), sourceRoot = root, logLevel = 'warning') {
  const entry = path.join(sourceRoot, 'apps', app, 'src', 'main.ts');
  if (!fs.existsSync(entry)) throw new Error(`No Lambda entry point at ${path.relative(sourceRoot, entry)}`);
  const outdir = path.join(outRoot, app);
  const staging = `${outdir}.building-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    return await build(app, budgetKib, { entry, outdir, staging, sourceRoot, logLevel });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

async function build(app, budgetKib, { entry, outdir, staging, sourceRoot, logLevel }) {
  const result = await esbuild.build({
    entryPoints: { index: entry },
    outdir: staging,
    absWorkingDir: sourceRoot,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    metafile: true,
    logLevel,
    external: EXTERNAL,
    supported: SUPPORTED,
    tsconfig: path.join(sourceRoot, 'apps', app, 'tsconfig.json'),
  });
  fs.writeFileSync(path.join(staging, 'meta.json'), JSON.stringify(result.metafile));
  const bytes = fs.statSync(path.join(staging, 'index.js')).size;
  const kib = bytes / 1024;
  if (kib > budgetKib) throw new Error(`${app} bundle is ${kib.toFixed(1)} KiB, over its ${budgetKib} KiB budget`);
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.renameSync(staging, outdir);
  return { app, bytes, outdir, budgetKib };
}

module.exports = { bundle, BUDGET_KIB, EXTERNAL, SUPPORTED };

if (require.main === module) {
  const [app, ...flags] = process.argv.slice(2);
  const budgetFlag = flags.find((f) => f.startsWith('--budget-kib='));
  const budget = budgetFlag ? Number(budgetFlag.split('=')[1]) : BUDGET_KIB;
  if (!app) {
    process.stderr.write('usage: node tools/scripts/bundle.cjs <app> [--budget-kib=500]\n');
    process.exit(2);
  }
  bundle(app, budget).then(({ bytes, outdir }) => {
    process.stdout.write(`${app}: ${path.relative(root, outdir)}/index.js ${(bytes / 1024).toFixed(1)} KiB (budget ${budget} KiB)\n`);
  }, (error) => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
