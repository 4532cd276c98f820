// The issue-6 pipeline, end to end: the five Lambda bundles (dist/apps/<app>/index.js, built by each
// app's `bundle` target) run in this process against one embedded DynamoDB Local (the store's Jest
// global setup), an in-process SQS emulator and a loopback management API that records every frame.
// Every suite here is an integration suite: the project has an `integration` target and no `test`.
const path = require('node:path');

const bundles = path.resolve(__dirname, '../../dist/apps').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'pipeline-tests:integration',
  globalSetup: '<rootDir>/../../libs/store/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/store/src/local/jest-global-teardown.ts',
  // The bundles are loaded as Lambda loads them: plain CommonJS, never transformed.
  transformIgnorePatterns: [...require('../../jest.preset.js').transformIgnorePatterns, `^${bundles}/`],
  // Files share the run's tables (admin listings and cleanup see every connection): one at a time.
  maxWorkers: 1,
  testTimeout: 60_000,
};
