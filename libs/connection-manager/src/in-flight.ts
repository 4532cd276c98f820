// Counts operations in progress and lets shutdown wait until there are none.

export class InFlight {
  private count = 0;
  private idleWaiters: Array<() => void> = [];

  get size(): number {
    return this.count;
  }

  async run<T>(operation: () => Promise<T>): Promise<T> {
    this.count += 1;
    try {
      return await operation();
    } finally {
      this.count -= 1;
      if (this.count === 0) this.notifyIdle();
    }
  }

  whenIdle(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
