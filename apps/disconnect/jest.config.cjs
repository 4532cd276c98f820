module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'disconnect',
  // One DynamoDB Local per run for the integration test of main.ts (libs/store README, "Embedded DynamoDB").
  globalSetup: '<rootDir>/../../libs/store/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/store/src/local/jest-global-teardown.ts',
};
