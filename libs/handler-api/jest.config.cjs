module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'handler-api',
};
