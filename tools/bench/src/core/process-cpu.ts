// CPU time of a process and of its descendants, from /proc (Linux). Lets a scenario say which process
// of the local stack (the stack itself, DynamoDB Local's JVM) spends the CPU a unit of work costs.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessCpu {
  pid: number;
  /** The command name (`node`, `java`, …). */
  name: string;
  /** User + system CPU seconds so far. */
  seconds: number;
}

let ticksPerSecond: number | undefined;

/** The process `pid` first, then its descendants; empty where /proc cannot be read. */
export function processTreeCpu(pid: number): ProcessCpu[] {
  try {
    const stats = new Map<number, { name: string; ppid: number; ticks: number }>();
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(Number(entry));
      if (stat) stats.set(Number(entry), stat);
    }
    const tree = [pid];
    for (let i = 0; i < tree.length; i++) for (const [child, stat] of stats) if (stat.ppid === tree[i]) tree.push(child);
    return tree.flatMap((p) => {
      const stat = stats.get(p);
      return stat ? [{ pid: p, name: stat.name, seconds: stat.ticks / clockTicks() }] : [];
    });
  } catch {
    return [];
  }
}

/** CPU seconds each process of `after` spent since `before` (processes started in between count from 0). */
export function cpuSpent(before: readonly ProcessCpu[], after: readonly ProcessCpu[]): ProcessCpu[] {
  return after.map((p) => ({ ...p, seconds: p.seconds - (before.find((b) => b.pid === p.pid)?.seconds ?? 0) }));
}

function readStat(pid: number): { name: string; ppid: number; ticks: number } | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // `pid (comm) state ppid … utime stime …`: comm may hold spaces and parentheses, so split after the last `)`.
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).split(' ');
  return { name: text.slice(text.indexOf('(') + 1, close), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
}

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8', timeout: 2000 }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}
