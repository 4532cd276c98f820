const base = require('../../eslint.config.cjs');

module.exports = [
  ...base,
  // All output goes through the printer.
  { files: ['src/core/printer.ts'], rules: { 'no-console': 'off' } },
  // The benchmark is a development tool, never shipped: it drives the libs with their own test
  // doubles (zero-latency gateway, in-memory stores, token issuer) to isolate what it measures.
  { files: ['src/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
];
