// Soak settings: flags of `npm run soak`, their defaults (the full 10 000-socket, 10-minute run) and
// their checks. The CI version in soak.spec.ts passes its own smaller values.
import { parseDuration } from '@streamer/config';

export interface SoakOptions {
  /** Sockets held open for the whole run. */
  sockets: number;
  /** Traffic phase, after every socket is open. */
  durationMs: number;
  /** Each socket sends one frame per period (ping, echo or a queued report). */
  periodMs: number;
  /** Share of frames that are queued reports (the rest: half echo, half ping). */
  asyncShare: number;
  /** Tenants the users are spread over; each gets a topic broadcast every `broadcastEveryMs`. */
  tenants: number;
  /** Sockets per user (one token per user). */
  socketsPerUser: number;
  broadcastEveryMs: number;
  /** A progress line (and a memory sample) this often. */
  reportEveryMs: number;
  /** Handshakes in flight while the sockets open. */
  connectConcurrency: number;
  /** Where the JSON report goes (default tmp/reliability/soak.json). */
  jsonPath?: string;
}

/**
 * 10 000 sockets for 10 minutes. Each socket sends a frame every 5 minutes (~33 frames/s in all):
 * the whole stack shares one process and DynamoDB Local, whose end-to-end capacity on a 2-core
 * machine is about 50 frames/s; above it the run measures a queue, not a soak.
 */
export const FULL_SOAK: SoakOptions = {
  sockets: 10_000,
  durationMs: 10 * 60_000,
  periodMs: 5 * 60_000,
  asyncShare: 0.1,
  tenants: 10,
  socketsPerUser: 5,
  broadcastEveryMs: 15_000,
  reportEveryMs: 30_000,
  connectConcurrency: 100,
};

export const SOAK_USAGE = `usage: npm run soak -- [--sockets 10000] [--duration 10m] [--period 5m] [--async-share 0.1]
                       [--tenants 10] [--broadcast-every 15s] [--report-every 30s] [--json path]`;

/** Reads `--name value` flags over the full-run defaults; throws with the usage on a bad flag. */
export function parseSoakArgs(args: readonly string[]): SoakOptions {
  const options: SoakOptions = { ...FULL_SOAK };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new Error(`${flag} needs a value\n${SOAK_USAGE}`);
    apply(options, flag ?? '', value);
  }
  return checkSoakOptions(options);
}

function apply(options: SoakOptions, flag: string, value: string): void {
  switch (flag) {
    case '--sockets':
      options.sockets = integer(flag, value);
      return;
    case '--duration':
      options.durationMs = duration(flag, value);
      return;
    case '--period':
      options.periodMs = duration(flag, value);
      return;
    case '--async-share':
      options.asyncShare = Number(value);
      return;
    case '--tenants':
      options.tenants = integer(flag, value);
      return;
    case '--broadcast-every':
      options.broadcastEveryMs = duration(flag, value);
      return;
    case '--report-every':
      options.reportEveryMs = duration(flag, value);
      return;
    case '--json':
      options.jsonPath = value;
      return;
    default:
      throw new Error(`unknown flag ${flag}\n${SOAK_USAGE}`);
  }
}

export function checkSoakOptions(options: SoakOptions): SoakOptions {
  const problems = [
    options.sockets >= 1 || '--sockets must be at least 1',
    options.durationMs >= 1_000 || '--duration must be at least 1s',
    (options.periodMs >= 100 && options.periodMs < 10 * 60_000) || '--period must be from 100ms to under 10m (the idle timeout)',
    (options.asyncShare >= 0 && options.asyncShare <= 1) || '--async-share must be from 0 to 1',
    options.tenants >= 1 || '--tenants must be at least 1',
    options.broadcastEveryMs >= 100 || '--broadcast-every must be at least 100ms',
    options.reportEveryMs >= 100 || '--report-every must be at least 100ms',
  ].filter((p): p is string => typeof p === 'string');
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n${SOAK_USAGE}`);
  return options;
}

function integer(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new Error(`${flag} must be an integer, got "${value}"\n${SOAK_USAGE}`);
  return n;
}

function duration(flag: string, value: string): number {
  const ms = parseDuration(value, 'ms');
  if (ms === undefined) throw new Error(`${flag} must be a duration such as 90s or 10m, got "${value}"\n${SOAK_USAGE}`);
  return ms;
}
