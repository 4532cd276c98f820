// The consumer test of the published packages: npm pack + offline install into a temp dir, one local
// stack (the Lambda bundles from dist/apps, built by the `integration` target's dependsOn), Node, a
// browser bundle in Chromium and a strict type check. Every suite here is an integration suite.
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'packages:integration',
  testTimeout: 120_000,
};
