// The retry queue against an in-process SQS server on 127.0.0.1.
module.exports = {
  ...require('../../jest.integration.preset.js'),
  displayName: 'processor-lib:integration',
};
