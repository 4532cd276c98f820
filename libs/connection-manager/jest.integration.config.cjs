// Both gateway adapters posting to a loopback management API on 127.0.0.1.
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'connection-manager:integration',
};
