// The machine a run happened on: CPU, cores, memory, Node, load, open-file limit.
import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, release, totalmem, type } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  memoryGiB: number;
  freeMemoryGiB: number;
  os: string;
  node: string;
  /** 1, 5 and 15 minute load averages when the run started and ended. */
  loadAtStart: number[];
  loadAtEnd: number[];
  /** Soft limit of open files per process (`ulimit -n`), when it could be read. */
  openFilesLimit?: number;
}

export function describeMachine(): MachineInfo {
  const cpuList = cpus();
  const info: MachineInfo = {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    cores: cpuList.length,
    memoryGiB: gib(totalmem()),
    freeMemoryGiB: gib(freemem()),
    os: `${type()} ${release()}`,
    node: process.version,
    loadAtStart: currentLoad(),
    loadAtEnd: currentLoad(),
  };
  const limit = openFilesLimit();
  if (limit !== undefined) info.openFilesLimit = limit;
  return info;
}

export function currentLoad(): number[] {
  return loadavg().map((l) => Math.round(l * 100) / 100);
}

/** The soft open-files limit this process inherited (a child shell inherits the same limit). */
export function openFilesLimit(): number | undefined {
  try {
    const out = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8', timeout: 2000 }).trim();
    return out === 'unlimited' ? Number.POSITIVE_INFINITY : Number(out) || undefined;
  } catch {
    return undefined;
  }
}

function gib(bytes: number): number {
  return Math.round((bytes / 2 ** 30) * 10) / 10;
}
