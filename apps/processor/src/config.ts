// Settings of the processor Lambda, read and validated once per cold start. A missing or invalid
// variable throws at initialisation with the variable's name (ConfigError / StoreConfigError).
import { type Env, envReader, gatewayAdapter, type GatewayAdapter } from '@streamer/config';
import { DEFAULT_STALLED_RETRY_AFTER_MS, PROCESSOR_DEFAULTS } from '@streamer/processor';
import { DEFAULT_EVENT_RETENTION_SECONDS, type TableNames, tableNamesFromEnv } from '@streamer/store';

/** generate_report's step duration in the example handlers (a ten-step report). */
export const DEFAULT_REPORT_STEP_MS = 500;

export interface ProcessorConfig {
  /** CONNECTIONS_TABLE (alias CONNECTIONS_TABLE_NAME), REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE. */
  tables: TableNames;
  /** WEBSOCKET_ENDPOINT: management API endpoint, https://{api-id}.execute-api.{region}.amazonaws.com/{stage} (wss:// accepted). */
  websocketEndpoint: string;
  /** AWS_REGION (set by Lambda): signs management API calls to a custom domain. */
  region?: string;
  /** GATEWAY_ADAPTER (lean | sdk, default lean): how messages are posted to the management API. */
  gatewayAdapter: GatewayAdapter;
  /** RETRY_QUEUE_URL: the SQS queue delayed retries go through. */
  retryQueueUrl: string;
  /** RETRY_DLQ_ARN (optional): the retry queue's dead-letter queue, consumed to fail its requests. */
  retryDeadLetterQueueArn?: string;
  /** STREAM_DLQ_ARN (optional): the stream source's on-failure queue, consumed to fail its batches' requests. */
  streamDeadLetterQueueArn?: string;
  /**
   * WATCHDOG_QUEUE_URL and WATCHDOG_QUEUE_ARN (optional, set by the deployment): the lease watchdog's
   * queue, sent to at every claim and consumed by this function; without them only the hourly sweep
   * recovers a run that died.
   */
  watchdogQueue?: { url: string; arn: string };
  /** MAX_RETRIES (0–20, default 3): retries after the first attempt. */
  maxRetries: number;
  /** RETRY_DELAY (duration, default 5s): backoff base; the delay after attempt n is RETRY_DELAY × 2^(n−1), at most 900 s. */
  retryDelayMs: number;
  /** LEASE_DURATION (duration, default 15m): longest lease of one run (also capped by the invocation's time left). */
  leaseMs: number;
  /** PROGRESS_INTERVAL (duration, default 250ms): minimum time between two progress messages of one request. */
  progressIntervalMs: number;
  /** CANCEL_POLL_INTERVAL (duration, default 1s; 0 turns polling off): stored-status check for cancels. */
  cancelPollMs: number;
  /** LAMBDA_TIMEOUT_BUFFER (duration, default 2s): the handler is aborted this long before the invocation or lease ends. */
  deadlineMarginMs: number;
  /** REPORT_STEP (duration, default 500ms): step duration of the example generate_report handler. */
  reportStepMs: number;
  /** EVENT_RETENTION (duration, default 24h, at least 1m): how long published topic events are kept for replay. */
  eventRetentionSeconds: number;
  /**
   * MAX_RESULT_SIZE (bytes, default 4194304 = 4 MB, 1 KB–64 MB): ceiling of a handler's result as JSON. A larger
   * result fails with RESULT_TOO_LARGE; one over a message (128 KB) is sent in `result-chunk` pieces.
   */
  maxResultBytes: number;
  /** DYNAMODB_ENDPOINT (optional): DynamoDB Local or another emulator, for the local stack. */
  dynamodbEndpoint?: string;
  /** SQS_ENDPOINT (optional): an SQS emulator, for the local stack. */
  sqsEndpoint?: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export function loadConfig(env: Env): ProcessorConfig {
  const read = envReader(env);
  const optionalUrl = (name: string): string | undefined => (read.optional(name) === undefined ? undefined : read.url(name));
  const deadlineMarginMs = read.durationMs('LAMBDA_TIMEOUT_BUFFER', PROCESSOR_DEFAULTS.deadlineMarginMs, { min: 0, max: MINUTE });
  return {
    tables: tableNamesFromEnv(env),
    websocketEndpoint: read.url('WEBSOCKET_ENDPOINT', ['https:', 'http:', 'wss:', 'ws:']),
    region: read.optional('AWS_REGION'),
    gatewayAdapter: gatewayAdapter(env),
    retryQueueUrl: read.url('RETRY_QUEUE_URL'),
    retryDeadLetterQueueArn: read.optional('RETRY_DLQ_ARN'),
    streamDeadLetterQueueArn: read.optional('STREAM_DLQ_ARN'),
    watchdogQueue: watchdogQueue(read),
    maxRetries: read.int('MAX_RETRIES', PROCESSOR_DEFAULTS.maxRetries, { min: 0, max: 20 }),
    retryDelayMs: read.durationMs('RETRY_DELAY', PROCESSOR_DEFAULTS.retryDelayMs, { min: 0, max: 900 * SECOND }),
    leaseMs: read.durationMs('LEASE_DURATION', PROCESSOR_DEFAULTS.leaseMs, { min: deadlineMarginMs + SECOND, max: 15 * MINUTE }),
    progressIntervalMs: read.durationMs('PROGRESS_INTERVAL', PROCESSOR_DEFAULTS.progressIntervalMs, { min: 0, max: MINUTE }),
    cancelPollMs: read.durationMs('CANCEL_POLL_INTERVAL', PROCESSOR_DEFAULTS.cancelPollMs, { min: 0, max: MINUTE }),
    deadlineMarginMs,
    reportStepMs: read.durationMs('REPORT_STEP', DEFAULT_REPORT_STEP_MS, { min: 0, max: MINUTE }),
    eventRetentionSeconds: Math.floor(read.durationMs('EVENT_RETENTION', DEFAULT_EVENT_RETENTION_SECONDS * SECOND, { min: MINUTE }) / SECOND),
    maxResultBytes: read.int('MAX_RESULT_SIZE', PROCESSOR_DEFAULTS.maxResultBytes, { min: 1024, max: 64 * 1024 * 1024 }),
    dynamodbEndpoint: optionalUrl('DYNAMODB_ENDPOINT'),
    sqsEndpoint: optionalUrl('SQS_ENDPOINT'),
  };
}

function watchdogQueue(read: ReturnType<typeof envReader>): ProcessorConfig['watchdogQueue'] {
  const arn = read.optional('WATCHDOG_QUEUE_ARN');
  if (read.optional('WATCHDOG_QUEUE_URL') === undefined && arn === undefined) return undefined;
  return { url: read.url('WATCHDOG_QUEUE_URL'), arn: read.required('WATCHDOG_QUEUE_ARN') };
}

/** Settings of the sweep function (`sweepHandler`): the requests table, the retry queue, one threshold. */
export interface SweepConfig {
  /** CONNECTIONS_TABLE (alias CONNECTIONS_TABLE_NAME), REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE. */
  tables: TableNames;
  /** RETRY_QUEUE_URL: where recovered requests and stalled retries are sent. */
  retryQueueUrl: string;
  /** STALLED_RETRY_AFTER (duration, default 30m): a re-queued request waiting longer for its retry is sent again. */
  stalledRetryAfterMs: number;
  /** DYNAMODB_ENDPOINT (optional): DynamoDB Local or another emulator, for the local stack. */
  dynamodbEndpoint?: string;
  /** SQS_ENDPOINT (optional): an SQS emulator, for the local stack. */
  sqsEndpoint?: string;
}

export function loadSweepConfig(env: Env): SweepConfig {
  const read = envReader(env);
  const optionalUrl = (name: string): string | undefined => (read.optional(name) === undefined ? undefined : read.url(name));
  return {
    tables: tableNamesFromEnv(env),
    retryQueueUrl: read.url('RETRY_QUEUE_URL'),
    stalledRetryAfterMs: read.durationMs('STALLED_RETRY_AFTER', DEFAULT_STALLED_RETRY_AFTER_MS, { min: 1000 }),
    dynamodbEndpoint: optionalUrl('DYNAMODB_ENDPOINT'),
    sqsEndpoint: optionalUrl('SQS_ENDPOINT'),
  };
}
