// Every suite here is an integration suite (`npm start` in a child process, in-process stacks, the
// web page in headless Chromium): the project has an `integration` target and no `test`.
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'local:integration',
  // `npm start` is run as a child process: it builds bundles and starts a whole stack.
  testTimeout: 120_000,
};
