// Fault injection on the management API, for tests and benchmarks. The spec is a comma list:
//   <status>:<probability>   an error answer at that rate (4xx or 5xx, e.g. 500:0.1, 429:0.05, 410:0.01)
//   latency:<ms>             added delay before every answer (or latency:<min>-<max>, uniform)
// e.g. GATEWAY_FAULTS=500:0.1,429:0.05,410:0.01,latency:20. Probabilities add up to at most 1.
import { LocalStackError } from '../util/support';

export interface FaultSpec {
  /** Error statuses with their probability, in the order given. */
  errors: { status: number; probability: number }[];
  latencyMs: { min: number; max: number };
}

export const NO_FAULTS: FaultSpec = { errors: [], latencyMs: { min: 0, max: 0 } };

export class FaultSpecError extends LocalStackError {
  override name = 'FaultSpecError';
}

export function parseFaultSpec(text: string | undefined, variable = 'GATEWAY_FAULTS'): FaultSpec {
  if (text === undefined || text.trim() === '') return NO_FAULTS;
  const spec: FaultSpec = { errors: [], latencyMs: { min: 0, max: 0 } };
  for (const entry of text.split(',').map((e) => e.trim()).filter((e) => e !== '')) {
    const [key, value, ...rest] = entry.split(':').map((part) => part.trim());
    const fail = (why: string): never => {
      throw new FaultSpecError(`${variable}: ${why} in "${entry}" (expected e.g. 500:0.1,429:0.05,410:0.01,latency:20)`);
    };
    if (key === undefined || value === undefined || value === '' || rest.length > 0) fail('each entry is <status>:<probability> or latency:<ms>');
    if (key === 'latency') spec.latencyMs = parseLatency(value as string, fail);
    else spec.errors.push({ status: parseStatus(key as string, fail), probability: parseProbability(value as string, fail) });
  }
  const statuses = spec.errors.map((e) => e.status);
  if (new Set(statuses).size !== statuses.length) throw new FaultSpecError(`${variable}: a status is listed twice in "${text}"`);
  const total = spec.errors.reduce((sum, e) => sum + e.probability, 0);
  if (total > 1 + 1e-9) throw new FaultSpecError(`${variable}: the probabilities add up to ${total}, more than 1, in "${text}"`);
  return spec;
}

function parseStatus(key: string, fail: (why: string) => never): number {
  if (!/^\d{3}$/.test(key)) return fail(`"${key}" is neither an HTTP status nor "latency"`);
  const status = Number(key);
  return status >= 400 && status <= 599 ? status : fail(`${status} is not an error status (400-599)`);
}

function parseProbability(value: string, fail: (why: string) => never): number {
  const probability = Number(value);
  return /^(0|1|0?\.\d+|1\.0*)$/.test(value) && probability >= 0 && probability <= 1 ? probability : fail(`"${value}" is not a probability from 0 to 1`);
}

function parseLatency(value: string, fail: (why: string) => never): { min: number; max: number } {
  const match = /^(\d+)(?:-(\d+))?$/.exec(value);
  if (!match) return fail(`"${value}" is not a latency in ms (20, or a range 10-50)`);
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : Number(match[2]);
  return max >= min ? { min, max } : fail(`latency range ${value} ends before it starts`);
}

export function describeFaults(spec: FaultSpec): string {
  const parts = spec.errors.map((e) => `${e.status}:${e.probability}`);
  const { min, max } = spec.latencyMs;
  if (max > 0) parts.push(min === max ? `latency:${min}` : `latency:${min}-${max}`);
  return parts.join(',');
}

// Decides, per management-API call, the added latency and whether the call fails (and how).
export interface FaultDecision {
  latencyMs: number;
  /** An error status to answer with instead of doing the call. */
  status?: number;
}

export class FaultInjector {
  constructor(
    private readonly spec: FaultSpec,
    private readonly random: Random,
  ) {}

  get active(): boolean {
    return this.spec.errors.length > 0 || this.spec.latencyMs.max > 0;
  }

  decide(): FaultDecision {
    const { min, max } = this.spec.latencyMs;
    const latencyMs = max === min ? min : Math.round(min + this.random() * (max - min));
    if (this.spec.errors.length === 0) return { latencyMs };
    const roll = this.random();
    let cumulative = 0;
    for (const { status, probability } of this.spec.errors) {
      cumulative += probability;
      if (roll < cumulative) return { latencyMs, status };
    }
    return { latencyMs };
  }
}

// Uniform numbers in [0, 1): seeded (mulberry32) for reproducible fault runs, else Math.random.
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRandom(seed: number | undefined): Random {
  return seed === undefined ? Math.random : seededRandom(seed);
}
