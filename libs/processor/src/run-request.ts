// One delivery of one request: claim with a lease, run the handler under its signal, settle.
import { Continuation, FatalError, type AsyncHandlerContext, type HandlerRequest, stopGraceMs, validatePayload } from '@streamer/handler-api';
import { settledWithin } from '@streamer/kernel';
import { progress } from '@streamer/protocol';
import { ConditionConflictError, ItemNotFoundError, type RequestRecord } from '@streamer/store';
import { InsufficientTimeError, MissingHandlerError, RunDeadlineError } from './errors';
import { attemptOf, JobSegment } from './long-jobs';
import { type ProgressUpdate, RunControl, ThrottledProgress } from './run-control';
import type { Invocation, ProcessorSettings } from './settings';
import { abortedOutcome, INTERNAL_ERROR, type RunOutcome, type RunReport, Settler, storedErrorOf } from './settle';
import type { LeaseWatchdog } from './watchdog';

export class RequestRunner {
  readonly #settler: Settler;

  constructor(
    private readonly s: ProcessorSettings,
    private readonly watchdog: LeaseWatchdog,
  ) {
    this.#settler = new Settler(s);
  }

  /** Stores outcomes and sends terminal messages (shared with the dead-letter handling). */
  get settler(): Settler {
    return this.#settler;
  }

  async run(requestId: string, invocation?: Invocation): Promise<RunReport> {
    const now = this.s.clock.now();
    const leaseMs = this.leaseFor(requestId, invocation);
    const record = await this.claim(requestId, leaseMs, now);
    if (!record) return { requestId, disposition: 'skipped' };
    if (attemptOf(record) > this.s.maxRetries + 1) {
      // Every earlier attempt died with its invocation; do not let this request crash the processor forever.
      this.s.logger.error('Attempts exhausted by failed invocations', { requestId, attempts: record.attempts });
      return this.#settler.fail(record, record.lastError ?? INTERNAL_ERROR);
    }
    // The watchdog's message is sent while the handler runs (it never rejects) and is out before the run returns.
    const armed = this.watchdog.arm(requestId, record.attempts, record.leaseExpiresAt ?? now + leaseMs);
    try {
      const outcome = await this.execute(record, now + leaseMs - this.s.deadlineMarginMs);
      const report = await this.#settler.settle(record, outcome);
      this.recordOutcome(record, report, now);
      return report;
    } finally {
      await armed;
    }
  }

  /** `RequestProcessed` by action and disposition, `ProcessingTime` by action, `RequestErrors` by code, one outcome line. */
  private recordOutcome(record: RequestRecord, report: RunReport, started: number): void {
    const { action, requestId, connectionId, tenantId, clientId } = record;
    const durationMs = this.s.clock.now() - started;
    const status = report.disposition;
    this.s.metrics.count('RequestProcessed', 1, { action, status });
    this.s.metrics.timing('ProcessingTime', durationMs, { action });
    if (report.error) this.s.metrics.count('RequestErrors', 1, { code: report.error.code });
    if (status === 'requeued') this.s.metrics.count('RequestRetries', 1, { action });
    const code = report.error ? { code: report.error.code } : {};
    this.s.logger.info('Request outcome', { requestId, connectionId, tenantId, id: clientId, action, status, attempt: report.attempt, durationMs, ...code });
  }

  /** The lease never outlives the invocation, so after a crash the request is claimable once it would have ended. */
  private leaseFor(requestId: string, invocation?: Invocation): number {
    if (!invocation) return this.s.leaseMs;
    const remaining = invocation.getRemainingTimeInMillis();
    if (remaining <= this.s.deadlineMarginMs) {
      throw new InsufficientTimeError(`Only ${remaining} ms left in the invocation`, { context: { requestId } });
    }
    return Math.min(this.s.leaseMs, remaining);
  }

  private async claim(requestId: string, leaseMs: number, now: number): Promise<RequestRecord | undefined> {
    try {
      return await this.s.requests.claim(requestId, { leaseMs, now });
    } catch (err) {
      if (err instanceof ConditionConflictError) {
        this.s.logger.info('Claim lost; skipped', { requestId, currentStatus: err.currentStatus });
        return undefined;
      }
      if (err instanceof ItemNotFoundError) {
        this.s.logger.warn('Request not found; skipped', { requestId });
        return undefined;
      }
      throw err;
    }
  }

  private async execute(record: RequestRecord, deadline: number): Promise<RunOutcome> {
    const { clock, logger, cancelPollMs, progressIntervalMs } = this.s;
    // Progress goes to the request's current connection, refreshed by every status check.
    const target = { connectionId: record.connectionId };
    const control = new RunControl({
      requestId: record.requestId,
      attempt: record.attempts,
      deadline,
      pollMs: cancelPollMs,
      clock,
      logger,
      read: (id) => this.s.requests.get(id),
      onCurrent: (current) => {
        target.connectionId = current.connectionId;
      },
    });
    const reporter = new ThrottledProgress({
      floor: record.progress,
      intervalMs: progressIntervalMs,
      clock,
      deliver: (update) => this.deliverProgress({ ...record, connectionId: target.connectionId }, update, control),
    });
    try {
      // Publishing is bound to the request's tenant (from the stored connection, via the request).
      const publish: AsyncHandlerContext['publish'] = (to, data) => this.s.publisher.publish(record.tenantId, to, data);
      const segment = new JobSegment(record);
      const attempt = attemptOf(record);
      const context: AsyncHandlerContext = { signal: control.signal, deadline, logger, reporter, attempt, publish, ...segment.context() };
      const outcome = await this.race(record, context, segment);
      if (outcome.kind === 'continued' && outcome.continuation.progress !== undefined) {
        await reporter.progress(outcome.continuation.progress, outcome.continuation.message).catch(() => undefined);
      }
      await reporter.finish({ flush: outcome.kind === 'succeeded' || outcome.kind === 'continued' });
      return outcome;
    } finally {
      control.dispose();
    }
  }

  /**
   * The handler's own outcome, unless the signal aborts first (then the handler's outcome is ignored,
   * and a deadline continues the job from its latest checkpoint when it recorded one).
   */
  private async race(record: RequestRecord, context: AsyncHandlerContext, segment: JobSegment): Promise<RunOutcome> {
    const { signal } = context;
    const aborted = new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    const work = this.invoke(record, context);
    aborted.catch(() => undefined);
    work.catch(() => undefined);
    try {
      const value = await Promise.race([work, aborted]);
      return value instanceof Continuation ? { kind: 'continued', continuation: value } : { kind: 'succeeded', value };
    } catch (err) {
      // The handler, which sees its signal, gets its grace to stop, so the calls it has in flight (a
      // publish, a store write) end inside this invocation: once it returns, Lambda freezes them half done.
      if (signal.aborted) await settledWithin(work, stopGraceMs(this.s.deadlineMarginMs));
      const { checkpoint } = segment;
      if (signal.aborted && checkpoint && signal.reason instanceof RunDeadlineError) return { kind: 'continued', continuation: checkpoint };
      if (signal.aborted) return abortedOutcome(signal.reason);
      if (!(err instanceof FatalError)) this.s.logger.warn('Attempt failed', { requestId: record.requestId, error: err as Error });
      return { kind: 'errored', error: storedErrorOf(err), cause: err };
    }
  }

  private async invoke(record: RequestRecord, context: AsyncHandlerContext): Promise<unknown> {
    const handler = this.s.registry.get(record.action);
    if (!handler?.processAsync) {
      throw new MissingHandlerError(`No background handler for action "${record.action}"`, { context: { requestId: record.requestId } });
    }
    let payload: unknown = record.payload;
    if (handler.schema) {
      const validation = await validatePayload(handler.schema, record.payload);
      if (!validation.ok) throw new FatalError(`Invalid payload: ${validation.issues.join('; ')}`, { code: 'INVALID_REQUEST' });
      payload = validation.value;
    }
    return handler.processAsync(toHandlerRequest(record, payload), context);
  }

  private async deliverProgress(record: RequestRecord, update: ProgressUpdate, control: RunControl): Promise<void> {
    let applied = true;
    try {
      applied = await this.s.requests.updateProgress(record.requestId, update.value, update.message);
    } catch (err) {
      this.s.logger.warn('Progress not stored', { requestId: record.requestId, error: err as Error });
    }
    // Not applied: the request left `processing` (cancelled, taken over) — find out and stop the run.
    if (!applied) return control.checkStatus();
    if (control.signal.aborted) return;
    await this.#settler.notify(record, progress(record.clientId, record.requestId, update.value, update.message));
  }
}

function toHandlerRequest(record: RequestRecord, payload: unknown): HandlerRequest {
  return {
    id: record.clientId,
    requestId: record.requestId,
    action: record.action,
    payload: payload as HandlerRequest['payload'],
    connectionId: record.connectionId,
    userId: record.userId,
    tenantId: record.tenantId,
  };
}
