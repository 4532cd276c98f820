// Scenario 6 (CI version) — `npm run soak`'s entry point, small: 1 000 sockets held for one minute
// with traffic (one frame per socket every 60 s: ping, echo or a queued report) and a topic broadcast
// to each tenant every 10 s. It runs in its own process with `--expose-gc`, as `npm run soak` does, so
// the memory samples are taken after a full collection and nothing of the other suites is counted.
// Nothing may go wrong: every socket opens and stays open, every frame gets its reply (and every
// queued report its result), every broadcast frame arrives exactly once, and the stack process's heap
// does not grow.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';
import { recordOutcome } from './test-support/outcomes';
import { assertOpenFileLimit } from './soak/open-files';
import type { SoakReport } from './soak/soak';
import { summarise } from './soak/report';

jest.setTimeout(6 * 60_000);

const SOCKETS = Number(process.env['RELIABILITY_SOAK_SOCKETS'] ?? 1_000);
const DURATION_S = Number(process.env['RELIABILITY_SOAK_SECONDS'] ?? 60);
/** Heap growth over the run, after full collections, that would mean a leak. */
const HEAP_GROWTH_LIMIT_MB = 20;

/** Runs the soak CLI; resolves with its exit code and its JSON report. */
function runSoakCli(args: string[]): Promise<{ code: number | null; report: SoakReport; output: string }> {
  const json = path.join(mkdtempSync(path.join(tmpdir(), 'streamer-soak-ci-')), 'soak.json');
  const root = workspaceRoot();
  const child = spawn(process.execPath, ['--expose-gc', path.join(root, 'tools/scripts/run-ts.cjs'), path.join(root, 'tools/reliability/src/soak/main.ts'), ...args, '--json', json], {
    cwd: root,
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const killer = setTimeout(() => child.kill('SIGTERM'), 5 * 60_000);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(killer);
      try {
        resolve({ code, report: JSON.parse(readFileSync(json, 'utf8')) as SoakReport, output });
      } catch (error) {
        reject(new Error(`the soak wrote no report (exit ${code}):\n${output.slice(-4_000)}`, { cause: error }));
      }
    });
  });
}

describe(`soak: ${SOCKETS} sockets for ${DURATION_S} s`, () => {
  let run: Awaited<ReturnType<typeof runSoakCli>>;
  let report: SoakReport;

  beforeAll(async () => {
    run = await runSoakCli(['--sockets', String(SOCKETS), '--duration', `${DURATION_S}s`, '--period', '60s', '--broadcast-every', '10s', '--report-every', '5s', '--tenants', '10']);
    report = run.report;
    recordOutcome('soak-ci', { summary: summarise(report).split('\n'), exitCode: run.code, ...report });
  });

  it('holds every socket for the whole run, with traffic, and nothing goes wrong (exit 0)', () => {
    expect(report.problems).toEqual([]);
    expect(run.code).toBe(0);
    expect(report.fleet.opened).toBe(SOCKETS);
    expect(report.socketsAtEnd).toBe(SOCKETS);
    expect(report.fleet.pongs + report.fleet.echoes + report.fleet.results).toBe(report.fleet.sent.ping + report.fleet.sent.echo + report.fleet.sent.report);
    expect(report.fleet.sent.report).toBeGreaterThan(0);
  });

  it('delivers every broadcast frame exactly once', () => {
    expect(report.broadcasts.rounds).toBeGreaterThanOrEqual(Math.floor(DURATION_S / 10));
    expect(report.broadcasts.sent).toBe(report.broadcasts.rounds * SOCKETS);
    expect(report.broadcasts.received).toBe(report.broadcasts.sent);
    expect(report.broadcasts.duplicates).toBe(0);
  });

  it(`does not grow the stack process's heap by ${HEAP_GROWTH_LIMIT_MB} MB or more`, () => {
    expect(report.memory.samples.length).toBeGreaterThanOrEqual(6);
    expect(report.memory.heapGrowthMb).toBeLessThan(HEAP_GROWTH_LIMIT_MB);
  });
});

describe('the open-file check', () => {
  it('refuses a run the limit cannot hold, saying how to raise it', () => {
    expect(() => assertOpenFileLimit(10_000, 1_024)).toThrow(/ulimit -n is 1024, but holding 10000 sockets needs at least 10512 open files.*ulimit -n 65536/);
    expect(() => assertOpenFileLimit(1_000, 1_512)).not.toThrow();
  });
});
