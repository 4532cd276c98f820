const path = require('node:path');
const preset = require('../../jest.preset.js');

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const bundles = path.resolve(__dirname, '../../dist/apps') + path.sep;

module.exports = {
  ...preset,
  displayName: 'local-stack',
  // The Lambda bundles under dist/apps are loaded as built, exactly as Lambda loads them.
  transformIgnorePatterns: [...preset.transformIgnorePatterns, `^${escape(bundles)}`],
  // Suites start a whole stack (DynamoDB Local, SQS, gateway) in beforeAll.
  testTimeout: 60_000,
};
