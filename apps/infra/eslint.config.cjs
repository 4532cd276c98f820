const base = require('../../eslint.config.cjs');

module.exports = [...base, { files: ['src/deploy/cli.ts'], rules: { 'no-console': 'off' } }];
