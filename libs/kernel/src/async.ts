// Bounded concurrency and waiting, shared by every lib that fans work out (broadcast, cleanup sweeps,
// benchmarks, tests): at most `concurrency` calls in flight, memory bounded by what the caller holds.

/**
 * Runs `work` on every item with at most `concurrency` calls pending and resolves with the results in
 * input order. The first rejection rejects the whole run once the calls in flight have settled; no
 * new call starts after it.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index] as T, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(Math.floor(concurrency) || 1, items.length)) }, worker);
  const settled = await Promise.allSettled(workers);
  const rejection = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (rejection) throw rejection.reason;
  return results;
}

/**
 * Runs `work` on every item of every page of `pages` with at most `concurrency` calls pending. Workers
 * share one cursor: the next index of the current page (no per-item promise or allocation), and, when
 * it runs out, the one request for the next page; so a paged source is read only as fast as the work
 * drains it, and at most one page is held beyond the one being worked on (by a source that reads
 * ahead). The first failure (of the source or of `work`) stops the workers, closes the source and
 * rejects once the calls in flight have settled.
 */
export async function runPool<T>(pages: AsyncIterable<readonly T[]>, concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const iterator = pages[Symbol.asyncIterator]();
  let page: readonly T[] = [];
  let index = 0;
  let done = false;
  let failure: { error: unknown } | undefined;
  let turning: Promise<void> | undefined;
  const stop = (error: unknown): void => {
    failure ??= { error };
    done = true;
  };
  const turnPage = (): Promise<void> =>
    (turning ??= iterator
      .next()
      .then((result) => {
        if (result.done) done = true;
        else [page, index] = [result.value, 0];
      }, stop)
      .finally(() => (turning = undefined)));
  const worker = async (): Promise<void> => {
    while (!done) {
      if (index < page.length) await work(page[index++] as T).catch(stop);
      else await turnPage();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.floor(concurrency) || 1) }, worker));
  if (failure) {
    await iterator.return?.().catch(() => undefined);
    throw failure.error;
  }
}

/** Groups an async iterable into arrays of at most `size` items, pulling lazily. */
export async function* chunks<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * `load()` run once and shared by every caller (a client built on first use, an import deferred past the
 * cold start); a load that failed is forgotten, so the next call tries again instead of failing forever.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

/**
 * Resolves once `work` has settled or `ms` have passed, whichever comes first; never rejects (what
 * `work` ends with is the caller's to read). The grace a runtime gives aborted work to stop in.
 */
export async function settledWithin(work: Promise<unknown>, ms: number): Promise<void> {
  const timer = new AbortController();
  const noop = (): void => undefined;
  await Promise.race([work.then(noop, noop), sleep(ms, timer.signal)]);
  timer.abort();
}

/** Resolves after `ms`, or at once when `signal` aborts (never rejects): loops check their own stop flag. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted || ms <= 0) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
