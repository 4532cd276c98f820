module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'router-lib',
  // One DynamoDB Local per run: the router's core suite also runs against the real tables.
  globalSetup: '<rootDir>/../../libs/store/src/local/jest-global-setup.ts',
  globalTeardown: '<rootDir>/../../libs/store/src/local/jest-global-teardown.ts',
};
