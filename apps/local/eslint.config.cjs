const base = require('../../eslint.config.cjs');

// The web page's script and the modules it shares with Node run in browsers: no Node built-ins.
module.exports = [...base, { ...base.browserSafe, files: ['src/web/browser/**/*.ts', 'src/common/**/*.ts'] }];
