export { echo } from './echo';
export { generateReport, generateReportSchema, REPORT_STEPS, SYNC_REPORT_LIMIT } from './generate-report';
export type { GenerateReportPayload, Report } from './generate-report';
export { flaky, flakySchema } from './flaky';
export type { FlakyPayload } from './flaky';
