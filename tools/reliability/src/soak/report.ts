// The soak's report: a short human summary for the terminal, and the whole report as JSON.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';
import type { SoakReport } from './soak';

export function summarise(report: SoakReport): string {
  const { fleet, memory, broadcasts, options } = report;
  const sent = fleet.sent.ping + fleet.sent.echo + fleet.sent.report;
  const lines = [
    `sockets      ${fleet.opened}/${options.sockets} opened in ${(report.openMs / 1000).toFixed(1)} s, ${report.socketsAtEnd} held at the end (open-file limit ${report.openFileLimit})`,
    `traffic      ${(report.trafficMs / 1000).toFixed(0)} s: ${sent} frames (${fleet.sent.ping} ping, ${fleet.sent.echo} echo, ${fleet.sent.report} queued reports)`,
    `replies      ${fleet.pongs} pong, ${fleet.echoes} echo, ${fleet.acks} ack, ${fleet.results} report results, ${fleet.pending} missing`,
    `latency      sync p50 ${fleet.latency.sync.p50Ms} ms, p99 ${fleet.latency.sync.p99Ms} ms; queued report p50 ${fleet.latency.queued.p50Ms} ms, p99 ${fleet.latency.queued.p99Ms} ms`,
    `broadcasts   ${broadcasts.rounds} rounds: ${broadcasts.sent} sent, ${broadcasts.received} received, ${broadcasts.gone} gone, ${broadcasts.failed} failed, ${broadcasts.duplicates} duplicates`,
    `memory       stack process heap ${memory.baselineHeapMb} → ${memory.finalHeapMb} MB (${signed(memory.heapGrowthMb)} MB), rss ${memory.baselineRssMb} → ${memory.finalRssMb} MB (${signed(memory.rssGrowthMb)} MB); client fleet rss ${fleet.rssMb} MB`,
    report.problems.length === 0 ? 'errors       none' : `errors       ${report.problems.join('\n             ')}`,
  ];
  return lines.join('\n');
}

export function writeReport(report: SoakReport, file = path.join(workspaceRoot(), 'tmp', 'reliability', 'soak.json')): string {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ recordedAt: new Date().toISOString(), ...report }, null, 2)}\n`);
  return file;
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}
