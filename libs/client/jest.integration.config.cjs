// The client against a real WebSocket server on 127.0.0.1.
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'client:integration',
};
