const base = require('../../eslint.config.cjs');

// Everything but the `./node` entry runs in browsers; node.ts alone may use Node built-ins.
module.exports = [...base, { ...base.browserSafe, ignores: [...base.browserSafe.ignores, 'src/node.ts'] }];
