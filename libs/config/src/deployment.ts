// The deployment's facts, declared once: which Lambda functions exist and which bundle and handler
// each runs, their memory, timeout and environment variable names, what invokes them besides API
// Gateway (the requests stream, the queues, the schedules) and the queues' redrive settings.
// apps/infra synthesizes the CDK stack from this table and libs/local-stack runs the same bundles
// locally from it; a test on each side fails when what it builds disagrees with the table.

/** The apps that are bundled to `dist/apps/<app>/index.js` (`nx run <app>:bundle`). */
export const LAMBDA_APPS = ['connect', 'disconnect', 'router', 'processor', 'admin-connection-manager'] as const;
export type LambdaApp = (typeof LAMBDA_APPS)[number];

/** The names of the four tables, as every function reads them. */
const TABLE_VARIABLES = ['CONNECTIONS_TABLE', 'REQUESTS_TABLE', 'SUBSCRIPTIONS_TABLE', 'EVENTS_TABLE'] as const;

/** Every variable whose value the deployment itself provides (a table name, an endpoint, a queue). */
export const DEPLOYMENT_VARIABLES = [
  ...TABLE_VARIABLES,
  'WEBSOCKET_ENDPOINT',
  'RETRY_QUEUE_URL',
  'RETRY_DLQ_ARN',
  'STREAM_DLQ_ARN',
  'WATCHDOG_QUEUE_URL',
  'WATCHDOG_QUEUE_ARN',
] as const;
export type DeploymentVariable = (typeof DEPLOYMENT_VARIABLES)[number];

/** The JWT settings `$connect` reads; set only when the deployment is given a value. */
export const JWT_VARIABLES = ['JWT_PUBLIC_KEY', 'JWKS_URL', 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_TENANT_CLAIM', 'JWT_ALGORITHMS'] as const;

/** Tuning variables the functions read; a deployment passes the ones it is given to every function. */
export const SETTING_VARIABLES = [
  'MAX_RETRIES',
  'RETRY_DELAY',
  'CONNECTION_TTL',
  'DISCONNECTED_TTL',
  'STALE_AFTER',
  'RATE_LIMIT_PER_SECOND',
  'RATE_LIMIT_BURST',
  'SYNC_TIMEOUT',
  'REQUEST_TTL',
  'LEASE_DURATION',
  'PROGRESS_INTERVAL',
  'GATEWAY_ADAPTER',
  'STALLED_RETRY_AFTER',
  'CANCEL_POLL_INTERVAL',
  'LAMBDA_TIMEOUT_BUFFER',
  'EVENT_RETENTION',
  'MAX_RESULT_SIZE',
  // Quotas (libs/config/src/quotas.ts): 0 turns one off; QUOTA_TENANT_OVERRIDES is a JSON map per tenant.
  'QUOTA_CONNECTIONS_PER_USER',
  'QUOTA_CONNECTIONS_PER_TENANT',
  'QUOTA_REQUESTS_PER_SECOND_PER_TENANT',
  'QUOTA_JOBS_PER_USER',
  'QUOTA_TENANT_OVERRIDES',
] as const;

/**
 * What Powertools for AWS Lambda (Logger, Metrics, Tracer) reads on every function: the service name
 * (`streamer-<function>`: the `service` of every log line, metric and trace), the CloudWatch namespace
 * of the EMF metrics, the log level, and the Tracer's response capture — off, as a result can carry
 * user data and be far larger than an X-Ray segment (64 KB).
 * https://docs.powertools.aws.dev/lambda/typescript/latest/environment-variables/
 */
export const POWERTOOLS = {
  metricsNamespace: 'Streamer',
  logLevel: 'INFO',
  tracerCaptureResponse: false,
} as const;

/** The Powertools variables of one function, as the deployment sets them. */
export function powertoolsEnvironment(name: LambdaFunctionName): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: `streamer-${name}`,
    POWERTOOLS_METRICS_NAMESPACE: POWERTOOLS.metricsNamespace,
    POWERTOOLS_LOG_LEVEL: POWERTOOLS.logLevel,
    POWERTOOLS_TRACER_CAPTURE_RESPONSE: String(POWERTOOLS.tracerCaptureResponse),
  };
}

export interface LambdaFunctionFacts {
  /** The app whose bundle the function runs. */
  bundle: LambdaApp;
  /** Lambda's handler setting, `<file>.<export>`: `index.handler` unless one bundle serves two functions. */
  handler: string;
  memoryMb: number;
  timeoutSeconds: number;
  description: string;
  /** The variables the deployment sets for this function. */
  environment: readonly DeploymentVariable[];
  /** Variables set only when the deployment is given a value for them. */
  optionalEnvironment?: readonly string[];
}

/**
 * Every function of a deployment, by name (`<stack>-<name>` on AWS, `streamer-local-<name>` locally).
 * The router answers fast; the processor does the heavy work; its sweeps and the admin cleanup run on
 * schedules.
 */
export const LAMBDA_FUNCTIONS = {
  connect: {
    bundle: 'connect',
    handler: 'index.handler',
    memoryMb: 256,
    timeoutSeconds: 10,
    description: 'Streamer $connect: verify JWT, store connection',
    environment: [...TABLE_VARIABLES],
    optionalEnvironment: JWT_VARIABLES,
  },
  disconnect: {
    bundle: 'disconnect',
    handler: 'index.handler',
    memoryMb: 256,
    timeoutSeconds: 10,
    description: 'Streamer $disconnect: mark gone, drop subscriptions',
    environment: [...TABLE_VARIABLES],
  },
  router: {
    bundle: 'router',
    handler: 'index.handler',
    memoryMb: 256,
    timeoutSeconds: 30,
    description: 'Streamer $default: validate, answer or enqueue + ack',
    environment: [...TABLE_VARIABLES, 'WEBSOCKET_ENDPOINT'],
  },
  processor: {
    bundle: 'processor',
    handler: 'index.handler',
    memoryMb: 1024,
    timeoutSeconds: 300,
    description: 'Streamer processor: run queued requests',
    environment: [...TABLE_VARIABLES, 'WEBSOCKET_ENDPOINT', 'RETRY_QUEUE_URL', 'RETRY_DLQ_ARN', 'STREAM_DLQ_ARN', 'WATCHDOG_QUEUE_URL', 'WATCHDOG_QUEUE_ARN'],
  },
  'processor-sweep': {
    bundle: 'processor',
    handler: 'index.sweepHandler',
    memoryMb: 256,
    timeoutSeconds: 300,
    description: 'Streamer processor sweeps: re-queue expired leases, resend stalled retries',
    environment: [...TABLE_VARIABLES, 'RETRY_QUEUE_URL'],
  },
  'admin-connection-manager': {
    bundle: 'admin-connection-manager',
    handler: 'index.handler',
    memoryMb: 256,
    timeoutSeconds: 300,
    description: 'Streamer admin: connection queries and hourly connection cleanup',
    environment: [...TABLE_VARIABLES, 'WEBSOCKET_ENDPOINT'],
  },
} as const satisfies Record<string, LambdaFunctionFacts>;

export type LambdaFunctionName = keyof typeof LAMBDA_FUNCTIONS;
export const LAMBDA_FUNCTION_NAMES = Object.keys(LAMBDA_FUNCTIONS) as LambdaFunctionName[];

/** `index.sweepHandler` → the file (`index.js`) and the export (`sweepHandler`) Lambda loads. */
export function handlerParts(handler: string): { file: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  return { file: `${handler.slice(0, dot)}.js`, exportName: handler.slice(dot + 1) };
}

interface ScheduleFacts {
  /** Kebab-case: the rule is `HourlyCleanup` in the CDK stack and `streamer-local-hourly-cleanup` locally. */
  name: string;
  function: LambdaFunctionName;
  rateMinutes: number;
  description: string;
}

/**
 * EventBridge's delivery of a scheduled event to its function: retries, and how old an event may get
 * (the next run takes over after that); what it still cannot deliver goes to the schedules' dead-letter queue.
 */
export const SCHEDULE_DELIVERY = { retryAttempts: 4, maxEventAgeMinutes: 60 } as const;

/** EventBridge rules: each invokes its function with the default scheduled event. */
export const SCHEDULES: readonly ScheduleFacts[] = [
  {
    name: 'hourly-cleanup',
    function: 'admin-connection-manager',
    rateMinutes: 60,
    description: 'Streamer: mark stale and gone connections DISCONNECTED',
  },
  {
    name: 'hourly-sweep',
    function: 'processor-sweep',
    rateMinutes: 60,
    description: 'Streamer: re-queue expired leases and resend stalled retries',
  },
];

/**
 * The publish rule: an EventBridge rule on the account's default bus sends every event with this
 * detail-type (from any source) to the admin function, which treats its `detail` as the `publish`
 * action's fields. Deliveries EventBridge cannot make, and events the function still fails after
 * Lambda's asynchronous retries, go to the publish dead-letter queue.
 */
export const PUBLISH_RULE = {
  name: 'publish-events',
  function: 'admin-connection-manager',
  detailType: 'Streamer Publish',
  /** EventBridge's retries of a delivery to the function, and how old an event may get. */
  retryAttempts: 8,
  maxEventAgeHours: 24,
  description: 'Streamer: events with detail-type "Streamer Publish" publish to a topic, user or connection',
} as const satisfies { name: string; function: LambdaFunctionName; detailType: string; retryAttempts: number; maxEventAgeHours: number; description: string };

/**
 * The processor's event sources: the requests stream (filtered to queued INSERTs, bisected on error,
 * then its on-failure queue), the retry queue, the lease watchdog's queue and both dead-letter queues.
 * Every source reports partial batch failures.
 */
export const EVENT_SOURCES = {
  function: 'processor',
  stream: { batchSize: 10, parallelizationFactor: 10, retryAttempts: 3 },
  queues: { batchSize: 10 },
} as const satisfies { function: LambdaFunctionName; stream: object; queues: object };

/**
 * Redrive: a retry received this often goes to its DLQ; a dead letter received this often is parked.
 * The lease watchdog's queue (one delayed message per claim, due when the claim's lease ends: see
 * libs/processor/src/watchdog.ts) parks a message after its receives: its request may still be
 * running, so nothing fails it, and the hourly sweep still recovers it if its run died.
 */
export const QUEUES = {
  retryMaxReceiveCount: 3,
  watchdogMaxReceiveCount: 3,
  parkedAfterReceives: 5,
  deadLetterRetentionDays: 14,
} as const;
