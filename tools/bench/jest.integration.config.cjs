// `npm run bench -- --quick` in a child process (DynamoDB Local, Lambda bundles, local stacks).
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'bench:integration',
};
