// The DynamoDB contract suite and the embedded-DynamoDB helpers, on the run's DynamoDB Local (see README "Embedded DynamoDB").
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'store:integration',
  globalSetup: '<rootDir>/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/src/local/jest-global-teardown.ts',
};
