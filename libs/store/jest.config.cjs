module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'store',
  // One DynamoDB Local per run for the DynamoDB contract suite (see README "Embedded DynamoDB").
  globalSetup: '<rootDir>/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/src/local/jest-global-teardown.ts',
};
