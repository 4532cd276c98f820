// One readable line per Lambda invocation, as `sam local` prints START / END / REPORT: the function,
// what it was invoked for (route and action, event source, admin action), how long it ran and how it
// ended. The Lambdas' own JSON logs stay as they are (POWERTOOLS_LOG_LEVEL decides what they write).
import type { InvocationReport } from './lambda-function';

export function invocationLine(report: InvocationReport): string {
  const ms = `${report.durationMs.toFixed(0)} ms`.padStart(8);
  return `λ ${report.functionName.padEnd(32)} ${trigger(report.event).padEnd(28)} ${ms}  ${outcome(report.outcome)}`;
}

/** What the event asked for: `$default echo`, `$connect`, `stream ×3`, `sqs ×1`, `get_user_connections`. */
function trigger(event: unknown): string {
  if (!isRecord(event)) return 'direct';
  const context = event['requestContext'];
  if (isRecord(context) && typeof context['routeKey'] === 'string') {
    const action = context['routeKey'] === '$default' ? actionOf(event['body']) : undefined;
    return action === undefined ? context['routeKey'] : `${context['routeKey']} ${action}`;
  }
  const records = event['Records'];
  if (Array.isArray(records)) return `${sourceOf(records[0])} ×${records.length}`;
  if (typeof event['action'] === 'string') return event['action'];
  if (typeof event['detail-type'] === 'string') return event['detail-type'];
  return 'direct';
}

function outcome(outcome: InvocationReport['outcome']): string {
  if ('error' in outcome) return `ERROR ${outcome.error.errorType}: ${outcome.error.errorMessage}`;
  const result = outcome.result;
  if (isRecord(result) && typeof result['statusCode'] === 'number') return `status ${result['statusCode']}`;
  const failures = isRecord(result) ? result['batchItemFailures'] : undefined;
  if (Array.isArray(failures) && failures.length > 0) return `ok, ${failures.length} item failure(s)`;
  return 'ok';
}

function actionOf(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) && typeof parsed['action'] === 'string' ? parsed['action'].slice(0, 40) : undefined;
  } catch {
    return '(unparsable frame)';
  }
}

function sourceOf(record: unknown): string {
  const source = isRecord(record) ? (record['eventSource'] ?? record['EventSource']) : undefined;
  if (source === 'aws:dynamodb') return 'stream';
  if (source === 'aws:sqs') return 'sqs';
  return 'records';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
