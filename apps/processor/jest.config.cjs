module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'processor',
  // One embedded DynamoDB Local per run for the DynamoDB Streams tests (libs/store README, "Embedded DynamoDB").
  globalSetup: '<rootDir>/../../libs/store/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/store/src/local/jest-global-teardown.ts',
};
