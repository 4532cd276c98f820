import { type AsyncHandlerContext, FatalError, type Handler, type HandlerRequest } from '@streamer/handler-api';
import * as z from 'zod/mini';
import { type ReportRecord, reportRecords, runResumable } from './resumable-report';

export const generateReportSchema = z.object({
  recordCount: z.int().check(z.minimum(1), z.maximum(1_000_000)),
  title: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  /** Run across as many Lambda invocations as it needs, one step per 1000 records (see resumable-report.ts). */
  resumable: z.optional(z.boolean()),
  /** Put the generated records in the result (a large result past ~2 700 records: sent in chunks). */
  includeRecords: z.optional(z.boolean()),
});

export type GenerateReportPayload = z.infer<typeof generateReportSchema>;

export interface Report {
  url: string;
  recordCount: number;
  /** With `includeRecords`. */
  records?: ReportRecord[];
  /** With `resumable`: how many invocations the report took. */
  invocations?: number;
}

/** Above this many records the report is generated in the background, with progress. */
export const SYNC_REPORT_LIMIT = 1000;

/** The steps of a background report: [progress after the step, message]. */
export const REPORT_STEPS: readonly (readonly [number, string])[] = [
  [0.1, 'Collecting records…'],
  [0.2, 'Collecting records…'],
  [0.3, 'Collecting records…'],
  [0.4, 'Collecting records…'],
  [0.5, 'Collecting records…'],
  [0.6, 'Collecting records…'],
  [0.7, 'Generating PDF…'],
  [0.8, 'Generating PDF…'],
  [0.9, 'Generating PDF…'],
  [1, 'Uploading report…'],
];

/** The topic background reports announce their milestones on (each phase's start, and completion). */
export const REPORTS_TOPIC = 'reports';

/** What a milestone event on the `reports` topic carries. */
export interface ReportMilestone {
  requestId: string;
  userId: string;
  recordCount: number;
  progress: number;
  message: string;
}

function reportUrl(request: HandlerRequest<GenerateReportPayload>): string {
  const { tenantId, requestId } = request;
  return `https://reports.example.com/${encodeURIComponent(tenantId)}/${encodeURIComponent(requestId)}.pdf`;
}

/**
 * `generate_report`: small reports (≤ 1000 records) are answered at once; larger ones are queued and
 * report progress step by step, each step taking `stepMs`, and publish a milestone to the tenant's
 * `reports` topic when a phase starts and when the report is done. Stops promptly when its signal aborts.
 * With `resumable: true` a queued report takes one step per 1000 records and continues across Lambda
 * invocations; with `includeRecords: true` the result carries the records (see resumable-report.ts).
 */
export function generateReport(stepMs: number): Handler<GenerateReportPayload, Report> {
  return {
    schema: generateReportSchema,
    shouldQueue: (request) => request.payload.recordCount > SYNC_REPORT_LIMIT,
    process: (request) => report(request),
    processAsync: async (request, context) => {
      if (request.payload.resumable) {
        const outcome = await runResumable(request.payload.recordCount, stepMs, context, sleep);
        return 'invocations' in outcome ? report(request, outcome.invocations) : outcome;
      }
      let phase: string | undefined;
      for (const [progress, message] of REPORT_STEPS) {
        await sleep(stepMs, context.signal);
        await context.reporter.progress(progress, message);
        if (message !== phase || progress === 1) await announce(request, context, progress, message);
        phase = message;
      }
      return report(request);
    },
  };
}

function report(request: HandlerRequest<GenerateReportPayload>, invocations?: number): Report {
  const { recordCount, includeRecords } = request.payload;
  const built: Report = { url: reportUrl(request), recordCount };
  if (includeRecords) built.records = reportRecords(recordCount);
  if (invocations !== undefined) built.invocations = invocations;
  return built;
}

/** Publishes a milestone; a milestone that cannot be published is logged, never fails the report. */
async function announce(request: HandlerRequest<GenerateReportPayload>, context: AsyncHandlerContext, progress: number, message: string): Promise<void> {
  const { requestId, userId } = request;
  const milestone: ReportMilestone = { requestId, userId, recordCount: request.payload.recordCount, progress, message };
  try {
    await context.publish({ topic: REPORTS_TOPIC }, milestone);
  } catch (error) {
    context.logger.warn('generate_report: milestone not published', { requestId, progress, error });
  }
}

/**
 * Waits `ms`, or rejects with a FatalError as soon as `signal` aborts (carrying the abort reason): unlike
 * the kernel's `sleep`, which resolves on abort, a stopped handler must end its run.
 */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      clearTimeout(timer);
      reject(new FatalError('Stopped', { cause: signal.reason }));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}
