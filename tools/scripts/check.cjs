#!/usr/bin/env node
// `npm test`: lint, typecheck and test every project through Nx, offline and without the daemon,
// then print one summary line of all Jest results ("Tests: N passed, N failed").
const { spawn } = require('node:child_process');

const env = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
const targets = process.argv.slice(2).length ? process.argv.slice(2) : ['lint', 'typecheck', 'test'];
const args = ['nx', 'run-many', '-t', ...targets, '--output-style=stream', `--parallel=${process.env.NX_PARALLEL ?? 2}`];

const child = spawn('npx', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
const totals = { passed: 0, failed: 0, skipped: 0, suites: 0 };
let pending = '';

function scan(chunk) {
  pending += chunk.toString('utf8');
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  for (const line of lines) count(line.replace(/\x1b\[[0-9;]*m/g, ''));
}

function count(line) {
  const tests = /Tests:\s+(.*)\d+ total/.exec(line);
  if (tests) {
    for (const [, n, kind] of tests[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
  }
  if (/Test Suites:/.test(line)) totals.suites += 1;
}

child.stdout.on('data', (c) => {
  process.stdout.write(c);
  scan(c);
});
child.stderr.on('data', (c) => {
  process.stderr.write(c);
  scan(c);
});
child.on('close', (code) => {
  scan('\n');
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  process.stdout.write(`\nJest projects: ${totals.suites}\n`);
  process.stdout.write(`Tests: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
  process.exit(code ?? 1);
});
