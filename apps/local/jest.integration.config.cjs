// The integration suites (`npm start` in a child process, in-process stacks, the web page in headless
// Chromium); jest.config.cjs runs the few unit suites.
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'local:integration',
  // `npm start` is run as a child process: it builds bundles and starts a whole stack.
  testTimeout: 120_000,
};
