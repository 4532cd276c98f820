module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'infra',
  setupFiles: ['<rootDir>/src/test-support/jest-setup.ts'],
};
