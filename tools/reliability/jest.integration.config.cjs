// Reliability and security suites over real sockets against the local stack (the five Lambda bundles
// from dist/apps on DynamoDB Local, its stream and the SQS emulator). Each file starts its own stack in
// beforeAll and stops it in afterAll (test-support/stack.ts), on tables of its own in the one DynamoDB
// Local these files share (the store's jest-stack-dynamodb-setup.ts).
const path = require('node:path');
const preset = require('../../jest.integration.preset.js');

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const bundles = path.resolve(__dirname, '../../dist/apps') + path.sep;

module.exports = {
  ...preset,
  displayName: 'reliability:integration',
  // The Lambda bundles are loaded as built, exactly as Lambda loads them: never transformed.
  transformIgnorePatterns: [...preset.transformIgnorePatterns, `^${escape(bundles)}`],
  globalSetup: '<rootDir>/../../libs/store/src/local/jest-stack-dynamodb-setup.ts',
  globalTeardown: '<rootDir>/../../libs/store/src/local/jest-global-teardown.ts',
  // One stack per process (the Lambdas read process.env). One file at a time: two of the CPU-heavy
  // suites side by side with the rest of `npm test` on two cores starved the 50-client fault suite (no
  // acks within 30 s). `npm test` runs the suites that mostly wait (waiting-suites.cjs) in a second
  // Jest run beside this one, never two CPU-heavy ones together.
  maxWorkers: 1,
  testTimeout: 120_000,
};
