const base = require('../../eslint.config.cjs');

// Everything but the `./node` entry runs in browsers; node.ts and the Lambda telemetry it re-exports (lambda.ts, emf-metrics.ts, tracing.ts) may use Node built-ins.
module.exports = [...base, { ...base.browserSafe, ignores: [...base.browserSafe.ignores, 'src/node.ts', 'src/lambda.ts', 'src/emf-metrics.ts', 'src/tracing.ts'] }];
