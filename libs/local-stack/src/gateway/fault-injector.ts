// Decides, per management-API call, the added latency and whether the call fails (and how).
import type { FaultSpec } from './faults';
import type { Random } from './random';

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
