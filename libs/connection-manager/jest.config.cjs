module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'connection-manager',
};
