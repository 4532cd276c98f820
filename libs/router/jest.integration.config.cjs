// The router's core suite against the real tables, on the run's DynamoDB Local.
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'router-lib:integration',
  globalSetup: '<rootDir>/../../libs/store/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/store/src/local/jest-global-teardown.ts',
};
