// The environment the five Lambdas read, as the CDK stack sets it for them: table names, the
// management endpoint, the retry queue, the JWT settings, plus what points the AWS SDK at the local
// services (endpoint overrides, a region, placeholder credentials when none are configured).
import type { Env } from '@streamer/config';
import type { TableNames } from '@streamer/store';
import { hasOwnCredentials, PLACEHOLDER_CREDENTIALS } from './credentials';

export interface LambdaEnvInput {
  /** The user's environment (process.env merged with the stack's `env` option). */
  base: Env;
  tables: TableNames;
  region: string;
  websocketEndpoint: string;
  retryQueueUrl: string;
  /** The DLQs the processor consumes (RETRY_DLQ_ARN, STREAM_DLQ_ARN), as the CDK stack sets them. */
  deadLetterQueueArns: { retry: string; stream: string };
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  /** JWT_PUBLIC_KEY for the dev key, when the stack signs tokens itself. */
  auth: Env;
}

/** Defaults a user's environment may override (log level, the example report's pace…). */
const OVERRIDABLE_DEFAULTS: Env = {
  // generate_report's ten steps take 2.5 s in all (the processor's default is 500 ms a step).
  REPORT_STEP: '250ms',
  POWERTOOLS_LOG_LEVEL: 'WARN',
  POWERTOOLS_METRICS_DISABLED: 'true',
  POWERTOOLS_METRICS_NAMESPACE: 'Streamer',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export function lambdaEnvironment(input: LambdaEnvInput): Env {
  const { base } = input;
  const credentials: Env = hasOwnCredentials(base)
    ? {}
    : { AWS_ACCESS_KEY_ID: PLACEHOLDER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: PLACEHOLDER_CREDENTIALS.secretAccessKey };
  return {
    ...OVERRIDABLE_DEFAULTS,
    ...base,
    ...credentials,
    ...input.auth,
    AWS_REGION: input.region,
    CONNECTIONS_TABLE: input.tables.connections,
    REQUESTS_TABLE: input.tables.requests,
    SUBSCRIPTIONS_TABLE: input.tables.subscriptions,
    WEBSOCKET_ENDPOINT: input.websocketEndpoint,
    RETRY_QUEUE_URL: input.retryQueueUrl,
    RETRY_DLQ_ARN: input.deadLetterQueueArns.retry,
    STREAM_DLQ_ARN: input.deadLetterQueueArns.stream,
    // Both the apps' own variables and the AWS SDK's standard service-specific endpoints.
    DYNAMODB_ENDPOINT: input.dynamodbEndpoint,
    SQS_ENDPOINT: input.sqsEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: input.sqsEndpoint,
  };
}

/**
 * Makes `env` the process environment (the Lambdas run in this process and read process.env),
 * returning a function that puts back what was there before.
 */
export function applyEnvironment(env: Env, target: NodeJS.ProcessEnv = process.env): () => void {
  const previous = new Map<string, string | undefined>();
  const names = new Set([...Object.keys(env), ...Object.keys(target)]);
  for (const name of names) {
    const value = env[name];
    if (target[name] === value) continue;
    previous.set(name, target[name]);
    if (value === undefined) delete target[name];
    else target[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete target[name];
      else target[name] = value;
    }
  };
}
