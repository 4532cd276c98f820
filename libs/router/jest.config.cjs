module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'router-lib',
};
