// Unit suites of `npm start`'s own parts (its flags); the stack itself is tested by the integration suites.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'local',
};
