// Shared Jest settings for the `integration` target: a project's *.integration.spec.ts files, the
// suites that start DynamoDB Local, open sockets, run child processes or a browser. Each project with
// such suites has a jest.integration.config.cjs spreading this (plus the store's DynamoDB global setup
// where its suites read DYNAMODB_ENDPOINT and the table names). `npm test` runs them next to lint,
// typecheck and the unit suites' `test` target, with one shared DynamoDB Local (tools/scripts/check.cjs).
const preset = require('./jest.preset.js');

module.exports = {
  ...preset,
  testMatch: ['<rootDir>/**/*.integration.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test-support/'],
};
