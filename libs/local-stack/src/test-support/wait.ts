// Bounded waiting for tests: poll a condition until it holds or the deadline passes (then fail with
// a description), never a fixed sleep.
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, description: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
