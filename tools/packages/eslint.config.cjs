const base = require('../../eslint.config.cjs');

module.exports = [...base];
