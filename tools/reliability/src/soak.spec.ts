// Scenario 6 (CI version) — the soak of `npm run soak`, small: 1 000 sockets held for one minute with
// traffic (one frame per socket every 60 s: ping, echo or a queued report) and a topic broadcast to
// each tenant every 10 s. Nothing may go wrong: every socket opens and stays open, every frame gets its
// reply (and every queued report its result), every broadcast frame arrives exactly once, and the
// stack process's heap does not grow (compared between the lowest samples of the first and last third).
import { recordOutcome } from './test-support/outcomes';
import { assertOpenFileLimit } from './soak/open-files';
import { checkSoakOptions } from './soak/options';
import { runSoak, type SoakReport } from './soak/soak';
import { summarise } from './soak/report';

jest.setTimeout(6 * 60_000);

const SOCKETS = Number(process.env['RELIABILITY_SOAK_SOCKETS'] ?? 1_000);
const DURATION_MS = Number(process.env['RELIABILITY_SOAK_MS'] ?? 60_000);
/** Heap growth over the minute that would mean a leak (a few KB per frame or socket). */
const HEAP_GROWTH_LIMIT_MB = 40;

describe(`soak: ${SOCKETS} sockets for ${DURATION_MS / 1000} s`, () => {
  let report: SoakReport;

  beforeAll(async () => {
    const options = checkSoakOptions({
      sockets: SOCKETS,
      durationMs: DURATION_MS,
      periodMs: 60_000,
      asyncShare: 0.1,
      tenants: 10,
      socketsPerUser: 5,
      broadcastEveryMs: 10_000,
      reportEveryMs: 5_000,
      connectConcurrency: 50,
    });
    report = await runSoak(options);
    recordOutcome('soak-ci', { summary: summarise(report).split('\n'), ...report, memory: { ...report.memory, samples: report.memory.samples.length } });
  });

  it('holds every socket for the whole run, with traffic, and nothing goes wrong', () => {
    expect(report.problems).toEqual([]);
    expect(report.fleet.opened).toBe(SOCKETS);
    expect(report.socketsAtEnd).toBe(SOCKETS);
    expect(report.fleet.pongs + report.fleet.echoes + report.fleet.results).toBe(report.fleet.sent.ping + report.fleet.sent.echo + report.fleet.sent.report);
    expect(report.fleet.sent.report).toBeGreaterThan(0);
  });

  it('delivers every broadcast frame exactly once', () => {
    expect(report.broadcasts.rounds).toBeGreaterThanOrEqual(Math.floor(DURATION_MS / 10_000));
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
