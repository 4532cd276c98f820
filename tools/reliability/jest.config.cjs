// Reliability and security suites (issue 10): black-box over real sockets against the local stack
// (the five Lambda bundles from dist/apps on DynamoDB Local, its stream and the SQS emulator), plus
// lib-level property tests. Each stack file starts its own stack in beforeAll and stops it in afterAll.
const path = require('node:path');
const preset = require('../../jest.preset.js');

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const bundles = path.resolve(__dirname, '../../dist/apps') + path.sep;

module.exports = {
  ...preset,
  displayName: 'reliability',
  // The Lambda bundles are loaded as built, exactly as Lambda loads them: never transformed.
  transformIgnorePatterns: [...preset.transformIgnorePatterns, `^${escape(bundles)}`],
  // The CI soak (1 000 sockets for a minute) has its own target, `nx run reliability:soak-ci`
  // (jest.soak.config.cjs), out of `npm test`'s default run.
  testPathIgnorePatterns: [...preset.testPathIgnorePatterns, '/src/soak\\.spec\\.ts$'],
  // One stack per process (the Lambdas read process.env), and the soak measures memory and counts
  // sockets: files run one at a time so no two stacks compete for the two CI cores.
  maxWorkers: 1,
  testTimeout: 120_000,
};
