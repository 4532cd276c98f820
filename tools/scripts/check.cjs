#!/usr/bin/env node
// `npm test`: lint, typecheck, unit tests and integration tests of every project through Nx, offline
// and without the daemon, then one summary line of all Jest results ("Tests: N passed, N failed").
// Other targets: `node tools/scripts/check.cjs test` (unit tests only), `… lint typecheck`,
// `… integration -- -p store` (one project's integration suites on the shared DynamoDB Local).
//
// `typecheck` and `lint` of all projects run as one process each, one after the other, next to Nx
// running the other targets: typecheck-all.cjs (each project's tsconfigs as their own programs, parsed
// files shared), then ESLint over every project directory with each file's nearest eslint.config.cjs
// (`v10_config_lookup_from_file`: the project's config, as `nx lint <project>` uses it). Starting ESLint
// and TypeScript once instead of two dozen times each is most of what these targets cost. For the same
// reason the full run's unit suites (every project's `test` target: its jest.config.cjs) run in one
// Jest process with each config as a project (`jest --projects`), beside them; `nx run-many -t test`
// and `check.cjs test -- -p <project>` still run them per project through Nx.
//
// The full run (every target, no project filter) starts the longest chain first: the reliability suites
// run one file at a time for about 3 minutes, and Nx, which starts the projects most others depend on
// first, would start them last in one run-many. So the Lambda bundles they load are built first, in this
// process (tools/scripts/bundle.cjs, seconds), and their Jest runs start at once with the project's own
// Jest config — no Nx start and no shared DynamoDB Local to wait for (they have their own): one run for
// the suites that mostly wait (tools/reliability/waiting-suites.cjs), one for the rest, each one file at
// a time, so that the CPU-heavy suites never share the two cores with each other. Beside
// it, once the run's DynamoDB Local is up, one Nx run builds the npm packages of protocol and client and
// a second takes every other project's integration suites. The reliability suites wait on the CPU they
// share: everything beside them runs at a lower CPU priority (nice 5: the unit suites, the other
// integration suites, the type check and lint).
//
// When integration tests run, ONE DynamoDB Local serves the whole run: started here (the store's
// helper, libs/store/src/local/shared-dynamodb-local.ts), named to every task in
// STREAMER_TEST_DYNAMODB_ENDPOINT (each suite creates its own uniquely named tables there), and
// stopped when Nx ends — on success, failure, Ctrl-C or SIGTERM; the helper also kills the JVM if
// this process exits any other way it can observe.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const { stripVTControlCharacters } = require('node:util');
const path = require('node:path');
const { bundleTs } = require('./run-ts.cjs');

const root = path.resolve(__dirname, '../..');
// This process loads the AWS SDK too (the DynamoDB Local readiness probe).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const env = {
  ...process.env,
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
// Arguments after `--` go to `nx run-many` (e.g. `-- -p store,router-lib`).
const [given, nxExtra] = splitAt(process.argv.slice(2), '--');
const targets = given.length ? given : ['lint', 'typecheck', 'test', 'integration'];
/** On the full run (no project filter) the unit suites of every project run in one Jest process. */
const unitsInOneJest = targets.includes('test') && nxExtra.length === 0;
const nxTargets = targets.filter((t) => t !== 'typecheck' && t !== 'lint' && !(t === 'test' && unitsInOneJest));
const parallel = `--parallel=${process.env.NX_PARALLEL ?? 2}`;
const nxRun = (...rest) => ['nx', 'run-many', '--output-style=stream', ...rest];
/** The project whose tasks start first, in an Nx run of their own, on the full run. */
const FIRST = 'reliability';
const startFirst = nxTargets.includes('integration') && nxExtra.length === 0;
/**
 * On the full run, below FIRST's suites (the longest chain, which waits on CPU it shares): the unit
 * suites and the other projects' integration suites, which have time to spare while it runs, and the
 * type check and lint, which nothing waits for.
 */
const BESIDE_PRIORITY = startFirst ? 5 : 0;
/**
 * The type check and lint: CPU-bound and waited for by nothing but the end of the run. On the full run
 * they share the lower priority with everything beside FIRST (below it they started late and, one
 * process each, ended the run alone on one core); otherwise they run below the Nx targets.
 */
const BATCH_PRIORITY = startFirst ? BESIDE_PRIORITY : 10;

function splitAt(list, marker) {
  const at = list.indexOf(marker);
  return at < 0 ? [list, []] : [list.slice(0, at), list.slice(at + 1)];
}
const totals = { passed: 0, failed: 0, skipped: 0, suites: 0 };

/** A line splitter per output stream, feeding the Jest summary counter. */
function scanner() {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) count(stripVTControlCharacters(line));
  };
}

function count(line) {
  const tests = /Tests:\s+(.*)\d+ total/.exec(line);
  if (tests) {
    for (const [, n, kind] of tests[1].matchAll(/(\d+) (passed|failed|skipped)/g)) totals[kind] += Number(n);
  }
  if (/Test Suites:/.test(line)) totals.suites += 1;
}

/** The store's shared-DynamoDB helper, bundled from TypeScript by run-ts.cjs's esbuild step. */
function loadSharedDynamoDbHelper() {
  const bundle = bundleTs(path.join(root, 'libs/store/src/local/shared-dynamodb-local.ts'));
  try {
    return require(bundle.file);
  } finally {
    bundle.remove();
  }
}

/** Starts the run's DynamoDB Local when integration tests run and none was given; undefined otherwise. */
async function startSharedDynamoDb() {
  if (!targets.includes('integration')) return undefined;
  const helper = loadSharedDynamoDbHelper();
  if (helper.sharedDynamoDbEndpoint(env)) return undefined;
  try {
    const local = await helper.startSharedDynamoDbLocal(env);
    process.stdout.write(`Shared DynamoDB Local for this run: ${local.endpoint} (pid ${local.pid})\n`);
    return local;
  } catch (error) {
    // Each suite then starts its own and reports the same cause (e.g. no Java 17).
    process.stderr.write(`Could not start the shared DynamoDB Local: ${error instanceof Error ? error.message : error}\n`);
    return undefined;
  }
}

/** Runs a command, passing its output on (and through the Jest summary counter); resolves its exit code. */
function run(command, commandArgs, priority = 0) {
  const child = spawn(command, commandArgs, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (priority !== 0 && child.pid !== undefined) os.setPriority(child.pid, priority);
  const [scanOut, scanErr] = [scanner(), scanner()];
  child.stdout.on('data', (c) => {
    process.stdout.write(c);
    scanOut(c);
  });
  child.stderr.on('data', (c) => {
    process.stderr.write(c);
    scanErr(c);
  });
  child.on('close', () => {
    scanOut('\n');
    scanErr('\n');
  });
  // Ctrl-C reaches Nx through the process group; SIGTERM to this process alone is passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

/** Every project directory with `file` (e.g. the ESLint config that gives it a lint target through `@nx/eslint/plugin`). */
function projectsWith(file) {
  return ['apps', 'libs', 'tools'].flatMap((dir) =>
    fs.readdirSync(path.join(root, dir)).sort()
      .map((name) => path.join(dir, name))
      .filter((d) => fs.existsSync(path.join(root, d, 'project.json')) && fs.existsSync(path.join(root, d, file))),
  );
}

/** The unit suites of every project (the `test` target `@nx/jest/plugin` infers from each jest.config.cjs), in one Jest process. */
async function unitTests() {
  process.stdout.write('test: jest over every project\n');
  const configs = projectsWith('jest.config.cjs').map((d) => path.join(d, 'jest.config.cjs'));
  const code = await run('npx', ['jest', '--projects', ...configs, '--maxWorkers=2'], BESIDE_PRIORITY);
  process.stdout.write(`test: ${code === 0 ? 'ok' : 'failed'}\n`);
  return code;
}

/** Type check, then lint, of every project: one process each. */
async function typecheckAndLint() {
  let code = 0;
  if (targets.includes('typecheck')) code ||= await run(process.execPath, [path.join(__dirname, 'typecheck-all.cjs')], BATCH_PRIORITY);
  if (targets.includes('lint')) {
    process.stdout.write('lint: eslint over every project\n');
    const lintCode = await run('npx', ['eslint', '--flag', 'v10_config_lookup_from_file', ...projectsWith('eslint.config.cjs')], BATCH_PRIORITY);
    process.stdout.write(`lint: ${lintCode === 0 ? 'ok' : 'failed'}\n`);
    code ||= lintCode;
  }
  return code;
}

/** FIRST's project.json: its integration target names the Lambda bundles it loads. */
function firstProject() {
  const dir = projectsWith('project.json').find((d) => path.basename(d) === FIRST);
  if (!dir) throw new Error(`No project ${FIRST}`);
  return { dir, json: JSON.parse(fs.readFileSync(path.join(root, dir, 'project.json'), 'utf8')) };
}

/** Builds the Lambda bundles FIRST's integration target depends on, in this process (esbuild). */
async function bundleAppsFirstLoads({ json }) {
  const apps = json.targets.integration.dependsOn.filter((d) => d.target === 'bundle').flatMap((d) => d.projects);
  const { bundle } = require('./bundle.cjs');
  const started = Date.now();
  try {
    await Promise.all(apps.map((app) => bundle(app)));
    process.stdout.write(`bundle: ${apps.join(', ')} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`bundle: ${error instanceof Error ? error.message : error}\n`);
    return 1;
  }
}

/**
 * FIRST's integration suites, with the Jest config its Nx target runs, without Nx: in two Jest runs side
 * by side, each one file at a time — the suites that mostly wait (FIRST's waiting-suites.cjs) and the rest.
 */
async function runFirst({ dir }) {
  const config = path.join(dir, 'jest.integration.config.cjs');
  const files = fs.readdirSync(path.join(root, dir, 'src')).filter((f) => f.endsWith('.integration.spec.ts')).sort();
  const waitingNames = require(path.join(root, dir, 'waiting-suites.cjs'));
  const waiting = waitingNames.map((name) => `${name}.integration.spec.ts`);
  const unknown = waiting.filter((file) => !files.includes(file));
  if (unknown.length) {
    process.stderr.write(`integration: ${dir}/waiting-suites.cjs names no file ${unknown.join(', ')} in ${dir}/src\n`);
    return 1;
  }
  const lane = (label, list) => {
    process.stdout.write(`integration: ${FIRST} ${label} (jest, one file at a time): ${list.join(', ')}\n`);
    return run('npx', ['jest', '-c', config, '--runTestsByPath', ...list.map((f) => path.join(dir, 'src', f))]);
  };
  const codes = await Promise.all([
    lane('computing suites', files.filter((f) => !waiting.includes(f))),
    lane('waiting suites', waiting),
  ]);
  return codes.find((c) => c !== 0) ?? 0;
}

/**
 * The Nx targets: one run-many; or, on the full run, the bundles FIRST needs and FIRST's suites at once,
 * and beside them (once `dynamodb` is up) the npm packages, then every other project's targets.
 */
async function runNx(dynamodb) {
  if (!startFirst) {
    await dynamodb;
    return run('npx', nxRun('-t', ...nxTargets, parallel, ...nxExtra));
  }
  const first = firstProject();
  const bundles = await bundleAppsFirstLoads(first);
  if (bundles !== 0) return bundles;
  const rest = async () => {
    await dynamodb;
    const packages = await run('npx', nxRun('-t', 'package', parallel), BESIDE_PRIORITY);
    if (packages !== 0) return packages;
    return run('npx', nxRun('-t', ...nxTargets, '--exclude', FIRST, '--excludeTaskDependencies', parallel), BESIDE_PRIORITY);
  };
  const codes = await Promise.all([runFirst(first), rest()]);
  return codes.find((c) => c !== 0) ?? 0;
}

async function main() {
  // Type check and lint need no DynamoDB: they start while the JVM does, and so do the bundles and the
  // reliability suites (their own JVM); the other Nx targets start once the endpoint is known.
  const runs = [typecheckAndLint()];
  if (unitsInOneJest) runs.push(unitTests());
  const dynamodb = startSharedDynamoDb();
  let code = 1;
  try {
    if (nxTargets.length) runs.push(runNx(dynamodb));
    const codes = await Promise.all(runs);
    code = codes.find((c) => c !== 0) ?? 0;
  } finally {
    await (await dynamodb)?.stop();
  }
  const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
  process.stdout.write(`\nJest runs: ${totals.suites}\n`);
  process.stdout.write(`Tests: ${totals.passed} passed, ${totals.failed} failed${skipped}\n`);
  process.exit(code);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
