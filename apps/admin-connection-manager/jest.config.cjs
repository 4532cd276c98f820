module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'admin-connection-manager',
  // One embedded DynamoDB Local per run for the DynamoDB tests (libs/store README, "Embedded DynamoDB").
  globalSetup: '<rootDir>/../../libs/store/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/store/src/local/jest-global-teardown.ts',
};
