// The gateway emulation over real sockets, the pollers against the in-process SQS, and whole stacks
// (stack/*.integration.spec.ts: the Lambda bundles on DynamoDB Local, the SQS emulator, the gateway).
const path = require('node:path');
const preset = require('../../jest.integration.preset.js');

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const bundles = path.resolve(__dirname, '../../dist/apps') + path.sep;

module.exports = {
  ...preset,
  displayName: 'local-stack:integration',
  // The Lambda bundles under dist/apps are loaded as built, exactly as Lambda loads them.
  // So are the bundles the hot-reload suite builds in a temporary workspace (streamer-reload-*).
  transformIgnorePatterns: [...preset.transformIgnorePatterns, `^${escape(bundles)}`, '/streamer-reload-[^/]+/dist/'],
  // Suites start a whole stack (DynamoDB Local, SQS, gateway) in beforeAll.
  testTimeout: 60_000,
};
