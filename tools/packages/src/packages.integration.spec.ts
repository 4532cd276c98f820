// The packages as a frontend gets them: `npm pack` of dist/packages/{protocol,client} (built by the
// libs' `package` targets), installed offline into a scratch project in a temp dir, then used from
// Node, from a browser bundle in Chromium, and from TypeScript under `strict` — against one local stack.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import { silentLogger } from '@streamer/kernel';
import { workspaceRoot } from '@streamer/kernel/node';
import { type LocalStack, startLocalStack } from '@streamer/local-stack';
import { testStackOptions } from '@streamer/local-stack/testing';

const run = promisify(execFile);
const root = workspaceRoot(__dirname);
/** The budget of the minified, gzipped browser bundle of a client consumer. */
const BROWSER_BUDGET_BYTES = 15 * 1024;

/** The environment without npm's per-run settings (a parent `npm test` would point npm at the workspace). */
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));

let consumer: string;
let stack: LocalStack;
let token: string;

async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env: cleanEnv, timeout: 120_000 });
  return stdout.trim();
}

beforeAll(async () => {
  consumer = mkdtempSync(path.join(tmpdir(), 'streamer-consumer-'));
  cpSync(path.join(__dirname, 'consumer'), consumer, { recursive: true });
  writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '0.0.0' }));
  const tarballs: string[] = [];
  for (const name of ['protocol', 'client']) {
    tarballs.push(await npm(['pack', '--silent', '--pack-destination', consumer, path.join(root, 'dist', 'packages', name)], consumer));
  }
  await npm(['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...tarballs.map((file) => `./${file}`)], consumer);
  stack = await startLocalStack(testStackOptions('packages', { logger: silentLogger, env: { REPORT_STEP: '20ms' } }));
  token = await stack.token('package-user', 'package-tenant');
});

afterAll(async () => {
  await stack?.stop();
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

const expectedOutcome = (hello: string): unknown =>
  expect.objectContaining({
    echo: { hello },
    report: expect.objectContaining({ recordCount: 5000 }),
    progress: expect.arrayContaining([1]),
  });

const installed = (name: string, file: string): string => readFileSync(path.join(consumer, 'node_modules', '@streamer', name, file), 'utf8');

it('installs from the tarballs with no registry, one copy of the protocol, and no other dependency', () => {
  const lock = JSON.parse(readFileSync(path.join(consumer, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  expect(Object.keys(lock.packages).sort()).toEqual(['', 'node_modules/@streamer/client', 'node_modules/@streamer/protocol']);
});

it.each(['protocol', 'client'])('@streamer/%s is a versioned, side-effect-free package whose code and types name no Node built-in or workspace alias', (name) => {
  expect(JSON.parse(installed(name, 'package.json'))).toMatchObject({
    version: expect.stringMatching(/^\d+\.\d+\.\d+/),
    sideEffects: false,
    exports: { '.': { import: { types: './index.d.mts', default: './index.mjs' }, require: { types: './index.d.ts', default: './index.cjs' } } },
  });
  for (const file of ['index.mjs', 'index.cjs']) expect(installed(name, file)).not.toMatch(/\bfrom ["']node:|require\(["'](node:|ws["'])/);
  expect(installed(name, 'index.d.ts')).not.toMatch(/from ["']@streamer\/(?!protocol["'])/);
});

it('(a) runs a Node script with the installed client, from ES module and CommonJS entries', async () => {
  const { stdout } = await run(process.execPath, ['--experimental-websocket', 'node.mjs', stack.wsUrl, token], { cwd: consumer, timeout: 60_000 });
  const outcome = JSON.parse(stdout) as Record<string, unknown>;
  expect(outcome).toEqual(expectedOutcome('node'));
  expect(outcome).toMatchObject({ cjsClient: true, maxMessageBytes: 128 * 1024, pong: true, refused: 'INVALID_REQUEST' });
});

it('(b) bundles for the browser within budget and runs in Chromium', async () => {
  const bundle = path.join(consumer, 'browser.js');
  const built = buildSync({
    entryPoints: [path.join(consumer, 'browser.mjs')],
    outfile: bundle,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'StreamerConsumer',
    target: 'es2022',
    absWorkingDir: consumer,
    metafile: true,
    logLevel: 'silent',
  });
  const inputs = Object.keys(built.metafile.inputs);
  expect(inputs.some((input) => input.includes('@streamer/client/index.mjs'))).toBe(true);
  const gzipped = gzipSync(readFileSync(bundle), { level: 9 }).length;
  console.log(`browser bundle of a client consumer: ${readFileSync(bundle).length} B minified, ${gzipped} B gzipped`);
  expect(gzipped).toBeLessThan(BROWSER_BUDGET_BYTES);
  const { stdout } = await run(process.execPath, [path.join(__dirname, 'browser-run.mjs'), bundle, stack.wsUrl, token], { cwd: root, timeout: 90_000 });
  expect(JSON.parse(stdout)).toEqual(expectedOutcome('browser'));
});

it('(c) type-checks a consumer under strict with the installed declarations', async () => {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const checked = await run(process.execPath, [tsc, '-p', consumer], { cwd: consumer, timeout: 60_000 }).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  expect(checked).toBe('');
});
