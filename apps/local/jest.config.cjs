module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'local',
  // `npm start` is run as a child process: it builds bundles and starts a whole stack.
  testTimeout: 120_000,
};
