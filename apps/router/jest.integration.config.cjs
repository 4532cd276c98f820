// The integration test of main.ts, on the run's DynamoDB Local (libs/store README, "Embedded DynamoDB").
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'router:integration',
  globalSetup: '<rootDir>/../../libs/store/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/store/src/local/jest-global-teardown.ts',
};
