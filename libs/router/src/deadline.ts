// The sync deadline: a budget inside API Gateway's 29 s and the Lambda's remaining time, enforced
// with a timer that aborts the handler's signal and settles the race with `SyncDeadlineError`.
import { SyncDeadlineError } from './errors';

/** min(syncTimeoutMs, remainingTimeMs − marginMs), never below zero. */
export function syncBudgetMs(syncTimeoutMs: number, remainingTimeMs: number | undefined, marginMs: number): number {
  const lambdaBudget = remainingTimeMs === undefined ? Infinity : remainingTimeMs - marginMs;
  return Math.max(0, Math.floor(Math.min(syncTimeoutMs, lambdaBudget)));
}

/**
 * Runs `work` with an AbortSignal that aborts after `budgetMs`; rejects with `SyncDeadlineError`
 * at that moment even if `work` ignores the signal. With no budget left, `work` is not started.
 */
export async function runWithDeadline<T>(budgetMs: number, work: (signal: AbortSignal) => Promise<T> | T): Promise<T> {
  if (budgetMs <= 0) throw new SyncDeadlineError(0);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new SyncDeadlineError(budgetMs);
      controller.abort(error);
      reject(error);
    }, budgetMs);
  });
  try {
    return await Promise.race([Promise.resolve().then(() => work(controller.signal)), expired]);
  } finally {
    clearTimeout(timer);
  }
}
