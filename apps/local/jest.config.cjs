const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'local',
  // The Lambda bundles under dist/ are loaded as built, exactly as Lambda loads them.
  transformIgnorePatterns: [...preset.transformIgnorePatterns, '/dist/'],
  // Suites start a whole stack (DynamoDB Local, SQS, gateway) in beforeAll.
  testTimeout: 60_000,
};
