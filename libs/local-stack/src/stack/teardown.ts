// Stops what was started, last started first; one failing step never keeps the others from running.
import type { LocalLogger } from '../util/logger';

type Step = { name: string; run: () => unknown };

export class Teardown {
  private steps: Step[] = [];

  constructor(private readonly logger: LocalLogger) {}

  add(name: string, run: () => unknown): void {
    this.steps.push({ name, run });
  }

  async run(): Promise<void> {
    const steps = this.steps.reverse();
    this.steps = [];
    for (const step of steps) {
      try {
        await step.run();
      } catch (error) {
        this.logger.warn(`Stopping ${step.name} failed`, { error });
      }
    }
  }
}
