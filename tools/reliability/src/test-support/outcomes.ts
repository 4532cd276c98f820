// Measured outcomes of a suite, written to tmp/reliability/<suite>.json (git-ignored) so that
// docs/reliability.md can be filled from real runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { workspaceRoot } from '@streamer/kernel/node';

export function recordOutcome(suite: string, outcome: Record<string, unknown>): void {
  const dir = path.join(workspaceRoot(), 'tmp', 'reliability');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${suite}.json`), `${JSON.stringify({ suite, recordedAt: new Date().toISOString(), ...outcome }, null, 2)}\n`);
}
