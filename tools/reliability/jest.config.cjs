// Reliability and security suites (issue 10). The `test` target runs the lib-level property tests;
// the black-box suites over real sockets are the `integration` target (jest.integration.config.cjs), the
// CI soak is `nx run reliability:soak-ci` (jest.soak.config.cjs), out of `npm test`'s default run.
const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'reliability',
  testPathIgnorePatterns: [...preset.testPathIgnorePatterns, '/src/soak\\.spec\\.ts$'],
};
