// The soak: a local stack holding `sockets` client sockets (in a child process) with steady traffic
// for `durationMs` — pings, echoes and queued reports from every socket, topic broadcasts to every
// tenant — reporting errors, lost replies, broadcast deliveries, latencies and the stack process's
// memory over time.
import { type LocalStack, startLocalStack } from '@streamer/local-stack';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FleetStats } from './fleet-protocol';
import { ClientFleet } from './fleet';
import { assertOpenFileLimit, openFileLimit } from './open-files';
import type { SoakOptions } from './options';
import { Publisher } from './publisher';

export const SOAK_TOPIC = 'soak';

export interface MemorySample {
  atMs: number;
  rssMb: number;
  heapUsedMb: number;
  sockets: number;
}

export interface SoakReport {
  options: SoakOptions;
  openFileLimit: number;
  openMs: number;
  trafficMs: number;
  fleet: FleetStats;
  /** Sockets the stack's gateway held at the end of the traffic phase. */
  socketsAtEnd: number;
  broadcasts: { rounds: number; sent: number; gone: number; failed: number; received: number; duplicates: number };
  memory: { samples: MemorySample[]; baselineHeapMb: number; finalHeapMb: number; heapGrowthMb: number; baselineRssMb: number; finalRssMb: number; rssGrowthMb: number };
  /** Everything that went wrong; empty for a clean run. */
  problems: string[];
}

export type Progress = (line: string) => void;

export async function runSoak(options: SoakOptions, progress: Progress = () => undefined): Promise<SoakReport> {
  const limit = openFileLimit();
  assertOpenFileLimit(options.sockets, limit);
  const stack = await startLocalStack({
    port: 0,
    stateDir: path.join(mkdtempSync(path.join(tmpdir(), 'streamer-soak-')), '.streamer'),
    cleanupIntervalMs: 0,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', REPORT_STEP: '50ms', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  const fleet = new ClientFleet();
  const publisher = new Publisher(stack);
  try {
    return await soak(stack, fleet, publisher, options, limit, progress);
  } finally {
    fleet.close();
    await publisher.close();
    await stack.stop();
  }
}

async function soak(stack: LocalStack, fleet: ClientFleet, publisher: Publisher, options: SoakOptions, limit: number, progress: Progress): Promise<SoakReport> {
  const tenants = Array.from({ length: options.tenants }, (_, i) => `soak-tenant-${i}`);
  const users = Math.max(1, Math.ceil(options.sockets / options.socketsPerUser));
  const tokens = await Promise.all(Array.from({ length: users }, (_, i) => stack.token(`soak-user-${i}`, tenants[i % tenants.length], 24 * 3600)));
  const openedAt = Date.now();
  progress(`opening ${options.sockets} sockets (${users} users, ${tenants.length} tenants)…`);
  const opened = await fleet.open({ wsUrl: stack.wsUrl, tokens, sockets: options.sockets, concurrency: options.connectConcurrency, topic: SOAK_TOPIC });
  const openMs = Date.now() - openedAt;
  progress(`${opened.opened} open, ${opened.openFailures} failed, in ${(openMs / 1000).toFixed(1)} s`);

  const memory = new MemoryTrack(stack);
  const broadcasts = new BroadcastTally();
  fleet.traffic(options.periodMs, options.asyncShare);
  const started = Date.now();
  let nextReport = started + options.reportEveryMs;
  let nextBroadcast = started + Math.min(options.broadcastEveryMs, 1_000);
  while (Date.now() - started < options.durationMs) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(10, Math.min(nextReport, nextBroadcast, started + options.durationMs) - Date.now())));
    if (Date.now() >= nextBroadcast) {
      nextBroadcast += options.broadcastEveryMs;
      await broadcasts.round(publisher, tenants);
    }
    if (Date.now() >= nextReport) {
      nextReport += options.reportEveryMs;
      const stats = await fleet.report();
      const sample = memory.sample(started);
      progress(progressLine(sample, stats));
    }
  }
  const trafficMs = Date.now() - started;
  const socketsAtEnd = stack.connectionCount();
  memory.sample(started);
  const fleetStats = await fleet.stop(30_000);
  const report: SoakReport = {
    options,
    openFileLimit: limit,
    openMs,
    trafficMs,
    fleet: fleetStats,
    socketsAtEnd,
    broadcasts: { ...broadcasts.totals, received: fleetStats.events.received, duplicates: fleetStats.events.duplicates },
    memory: memory.summary(),
    problems: [],
  };
  report.problems = problemsOf(report);
  return report;
}

/** Memory of this process (the stack's) over the traffic phase; growth is measured between floors. */
class MemoryTrack {
  readonly samples: MemorySample[] = [];

  constructor(private readonly stack: LocalStack) {}

  sample(started: number): MemorySample {
    (globalThis as { gc?: () => void }).gc?.();
    const { rss, heapUsed } = process.memoryUsage();
    const sample = { atMs: Date.now() - started, rssMb: mb(rss), heapUsedMb: mb(heapUsed), sockets: this.stack.connectionCount() };
    this.samples.push(sample);
    return sample;
  }

  /**
   * Growth compares the lowest heap of the first and of the last third of the run (the floor after
   * garbage collections), so a sample taken just before a collection does not read as a leak.
   */
  summary(): SoakReport['memory'] {
    const third = Math.max(1, Math.floor(this.samples.length / 3));
    const floor = (part: MemorySample[], key: 'heapUsedMb' | 'rssMb'): number => Math.min(...part.map((s) => s[key]));
    const [head, tail] = [this.samples.slice(0, third), this.samples.slice(-third)];
    const baselineHeapMb = floor(head, 'heapUsedMb');
    const finalHeapMb = floor(tail, 'heapUsedMb');
    const baselineRssMb = floor(head, 'rssMb');
    const finalRssMb = floor(tail, 'rssMb');
    return { samples: this.samples, baselineHeapMb, finalHeapMb, heapGrowthMb: round(finalHeapMb - baselineHeapMb), baselineRssMb, finalRssMb, rssGrowthMb: round(finalRssMb - baselineRssMb) };
  }
}

class BroadcastTally {
  readonly totals = { rounds: 0, sent: 0, gone: 0, failed: 0 };

  async round(publisher: Publisher, tenants: string[]): Promise<void> {
    const seq = this.totals.rounds;
    this.totals.rounds += 1;
    for (const tenantId of tenants) {
      const result = await publisher.broadcast({ tenantId, topic: SOAK_TOPIC }, { type: 'event', topic: SOAK_TOPIC, data: { seq, tenantId } });
      this.totals.sent += result.sent;
      this.totals.gone += result.gone;
      this.totals.failed += result.failedCount;
    }
  }
}

function problemsOf(report: SoakReport): string[] {
  const { fleet, options, broadcasts } = report;
  const problems: string[] = [];
  if (fleet.opened !== options.sockets) problems.push(`${fleet.opened} of ${options.sockets} sockets opened (${fleet.openErrors.join('; ')})`);
  if (fleet.subscribed !== fleet.opened) problems.push(`${fleet.subscribed} of ${fleet.opened} sockets subscribed`);
  if (report.socketsAtEnd !== options.sockets) problems.push(`the stack held ${report.socketsAtEnd} sockets at the end, not ${options.sockets}`);
  const closes = Object.entries(fleet.unexpectedCloses);
  if (closes.length > 0) problems.push(`sockets closed by the server: ${closes.map(([code, n]) => `${n} × ${code}`).join(', ')}`);
  const errors = Object.entries(fleet.errors);
  if (errors.length > 0) problems.push(`error replies or wrong frames: ${errors.map(([code, n]) => `${n} × ${code}`).join(', ')}`);
  if (fleet.pending > 0) problems.push(`${fleet.pending} frames never got their reply or result`);
  if (broadcasts.failed > 0) problems.push(`${broadcasts.failed} broadcast deliveries failed`);
  if (broadcasts.received !== broadcasts.sent) problems.push(`${broadcasts.sent} broadcast frames sent, ${broadcasts.received} received`);
  if (broadcasts.duplicates > 0) problems.push(`${broadcasts.duplicates} broadcast frames received twice`);
  return problems;
}

function progressLine(sample: MemorySample, stats: FleetStats): string {
  const sent = stats.sent.ping + stats.sent.echo + stats.sent.report;
  const errors = Object.values(stats.errors).reduce((a, b) => a + b, 0);
  return `${(sample.atMs / 1000).toFixed(0).padStart(5)} s  sockets ${sample.sockets}  sent ${sent}  results ${stats.results}/${stats.sent.report}  events ${stats.events.received}  errors ${errors}  pending ${stats.pending}  heap ${sample.heapUsedMb} MB  rss ${sample.rssMb} MB`;
}

function mb(bytes: number): number {
  return round(bytes / 1e6);
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
