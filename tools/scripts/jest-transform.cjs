// Jest transform for every project (jest.preset.js): TypeScript, and jose's ESM build, to CommonJS
// with esbuild. Transpile only, file by file — as ts-jest did with `isolatedModules` — but without
// loading the TypeScript compiler in every Jest process. The `typecheck` target type-checks the tests.
// (No suite uses jest.mock, so nothing needs hoisting above the imports.)
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const { compilerOptions } = require('../../tsconfig.base.json');

// esbuild reads only the options that change emitted code (useDefineForClassFields from target, …).
const tsconfigRaw = { compilerOptions };
// Cached output is keyed by this file, esbuild's version and the options, then the file and its source.
const salt = JSON.stringify([fs.readFileSync(__filename, 'utf8'), esbuild.version, tsconfigRaw]);

module.exports = {
  canInstrument: false,
  getCacheKey(source, filename) {
    return crypto.createHash('sha1').update(salt).update('\0').update(filename).update('\0').update(source).digest('hex');
  },
  process(source, filename) {
    const { code, map } = esbuild.transformSync(source, {
      loader: path.extname(filename) === '.ts' ? 'ts' : 'js',
      format: 'cjs',
      target: 'node20',
      platform: 'node',
      sourcemap: 'external',
      sourcefile: filename,
      tsconfigRaw,
      // `import('./x')` becomes a require(), as tsc emits it for CommonJS: Jest's module registry (and
      // jest.isolateModulesAsync) sees it, and no --experimental-vm-modules is needed.
      supported: { 'dynamic-import': false },
    });
    return { code, map };
  },
};
