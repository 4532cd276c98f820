// Keeps the benchmark working: runs the smoke suite once, as `npm run bench -- --smoke` does (on the
// test run's shared DynamoDB Local when there is one), writing to a temporary directory, and checks that every scenario produced well-formed figures and both
// files were written. No timing is asserted: figures are whatever this machine measured.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';
import { sharedDynamoDbEndpoint } from '@streamer/store/testing';
import type { Figure, SuiteResult } from './core/results';

const SCENARIO_IDS = ['send-overhead', 'connect', 'cold-start', 'raw-ceiling', 'broadcast', 'topic-publish', 'scale', 'router', 'echo', 'faults'];
const UNITS = ['ms', 'msg/s', 'conn/s', 'sockets', 'KiB', 'MiB', 'count', 'x'];

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runQuickSuite(outDir: string): Promise<Run> {
  const root = workspaceRoot(__dirname);
  const args = ['tools/scripts/run-ts.cjs', 'tools/bench/src/main.ts', '--smoke', '--quiet', '--out-dir', outDir];
  // The test run's DynamoDB Local, when it shares one, instead of one JVM per stack.
  const shared = sharedDynamoDbEndpoint();
  if (shared) args.push('--dynamodb-endpoint', shared);
  return new Promise((resolve) => {
    const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    execFile(process.execPath, args, { cwd: root, env, timeout: 150_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function expectWellFormed(f: Figure): void {
  expect(f.key).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
  expect(f.label.length).toBeGreaterThan(0);
  expect(Number.isFinite(f.value)).toBe(true);
  expect(UNITS).toContain(f.unit);
  if (f.baseline) {
    expect(Number.isFinite(f.baseline.value)).toBe(true);
    if (f.baseline.value !== 0) expect(Number.isFinite(f.ratio)).toBe(true);
  }
}

describe('npm run bench -- --smoke', () => {
  let outDir: string;
  let run: Run;
  let suite: SuiteResult;

  beforeAll(async () => {
    outDir = mkdtempSync(join(tmpdir(), 'streamer-bench-'));
    run = await runQuickSuite(outDir);
    suite = JSON.parse(readFileSync(join(outDir, 'results.json'), 'utf8')) as SuiteResult;
  }, 170_000);

  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('exits 0 and prints one table with every scenario', () => {
    expect({ code: run.code, stderr: run.stderr.slice(-2000) }).toEqual({ code: 0, stderr: expect.any(String) });
    for (const id of SCENARIO_IDS) expect(run.stdout).toMatch(new RegExp(`^${id} `, 'm'));
    expect(run.stdout).toContain('SPEC §6');
  });

  it('ran every scenario, each with well-formed figures', () => {
    expect(suite.mode).toBe('smoke');
    expect(suite.scenarios.map((s) => s.id)).toEqual(SCENARIO_IDS);
    for (const s of suite.scenarios) {
      expect({ id: s.id, status: s.status, error: s.error }).toEqual({ id: s.id, status: 'ok', error: undefined });
      expect(s.figures.length).toBeGreaterThan(0);
      s.figures.forEach(expectWellFormed);
    }
  });

  it('judged every SPEC §6 row on a measured figure', () => {
    expect(suite.spec).toHaveLength(16);
    for (const row of suite.spec) {
      expect(row.measured).not.toBe('not run');
      expect(typeof row.met).toBe('boolean');
    }
  });

  it('wrote the markdown report with the machine and every SPEC §6 row', () => {
    const markdown = readFileSync(join(outDir, 'benchmarks.md'), 'utf8');
    expect(markdown).toContain(`| Node | ${process.version} |`);
    expect(markdown).toContain(`${suite.machine.cores} cores`);
    for (const row of suite.spec) expect(markdown).toContain(`| ${row.measure} |`);
    for (const s of suite.scenarios) expect(markdown).toContain(`## ${s.title}`);
  });
});
