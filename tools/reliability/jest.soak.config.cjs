// `nx run reliability:soak-ci`: the soak CLI with 1 000 sockets for one minute (soak.spec.ts), the
// one reliability suite kept out of `npm test`'s default run for its length.
const base = require('./jest.integration.config.cjs');

module.exports = {
  ...base,
  displayName: 'reliability-soak',
  testMatch: ['<rootDir>/src/soak.spec.ts'],
  // The soak CLI starts a stack on a DynamoDB Local of its own, as `npm run soak` does.
  globalSetup: undefined,
  globalTeardown: undefined,
};
