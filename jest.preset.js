// Shared Jest settings for every project. Each project's jest.config.cjs (the `test` target: unit
// suites, every *.spec.ts but *.integration.spec.ts) spreads this; jest.integration.preset.js derives the
// `integration` target's settings from it.
// - esbuild transpiles only (tools/scripts/jest-transform.cjs); the `typecheck` target type-checks tests with tsc.
// - jose 6 ships ESM only, so it is transformed to CommonJS for Jest (Node itself can require it).
// - Path aliases come from tsconfig.base.json so tests import libs exactly as production code does.
const path = require('node:path');
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/?(*.)+(spec|test).ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test-support/', '\\.integration\\.spec\\.ts$'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  transform: {
    '^.+\\.[tj]s$': require.resolve('./tools/scripts/jest-transform.cjs'),
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, {
    prefix: path.join(__dirname, '/'),
  }),
  clearMocks: true,
  restoreMocks: true,
};
