// Bounded polling: every wait in the suite ends, with a message saying what never happened.

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once `condition` holds; rejects with `what` after `timeoutMs` (default 20 s). */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, options: WaitOptions = {}): Promise<void> {
  const { timeoutMs = 20_000, intervalMs = 25 } = options;
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}
