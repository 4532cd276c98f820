// The DynamoDB tests and main.ts on the real stores, on the run's DynamoDB Local (libs/store README, "Embedded DynamoDB").
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'admin-connection-manager:integration',
  globalSetup: '<rootDir>/../../libs/store/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/store/src/local/jest-global-teardown.ts',
};
