// Graceful shutdown: wait for operations in flight, then for background cleanups and touches (which
// those operations may still add to), up to a deadline.

export interface ShutdownReport {
  /** True when everything finished before the deadline. */
  drained: boolean;
  /** Operations and background tasks still unfinished at the deadline. */
  abandoned: number;
}

interface Drainable {
  readonly size?: number;
  readonly pending?: number;
  whenIdle(): Promise<void>;
}

export interface DrainTargets {
  operations: Drainable[];
  background: Drainable[];
}

export async function drain(targets: DrainTargets, timeoutMs: number): Promise<ShutdownReport> {
  const all = [...targets.operations, ...targets.background];
  const idle = (async () => {
    await Promise.all(targets.operations.map((t) => t.whenIdle()));
    await Promise.all(targets.background.map((t) => t.whenIdle()));
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([idle.then(() => 'idle' as const), deadline]);
  clearTimeout(timer);
  const abandoned = outcome === 'idle' ? 0 : all.reduce((sum, t) => sum + (t.size ?? t.pending ?? 0), 0);
  return { drained: abandoned === 0, abandoned };
}
