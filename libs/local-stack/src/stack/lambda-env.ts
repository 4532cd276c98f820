// The environment the Lambdas read, as the CDK stack sets it for them: table names, the
// management endpoint, the retry queue, the JWT settings, plus what points the AWS SDK at the local
// services (endpoint overrides, a region, and on the embedded services placeholder credentials and
// none of the shell's AWS settings — see credentials.ts).
import { devNull } from 'node:os';
import type { Env } from '@streamer/config';
import type { DeploymentVariable } from '@streamer/config/deployment';
import type { TableNames } from '@streamer/store';

export interface LambdaEnvInput {
  /** The user's environment (process.env merged with the stack's `env` option). */
  base: Env;
  tables: TableNames;
  region: string;
  websocketEndpoint: string;
  retryQueueUrl: string;
  /** The lease watchdog's queue (WATCHDOG_QUEUE_URL, WATCHDOG_QUEUE_ARN). */
  watchdogQueue: { url: string; arn: string };
  /** The DLQs the processor consumes (RETRY_DLQ_ARN, STREAM_DLQ_ARN), as the CDK stack sets them. */
  deadLetterQueueArns: { retry: string; stream: string };
  dynamodbEndpoint: string;
  sqsEndpoint: string;
  /**
   * True when DynamoDB or SQS is an endpoint the user gave (DYNAMODB_ENDPOINT, SQS_ENDPOINT): their
   * AWS settings are kept, as that endpoint may need them. Otherwise the Lambdas get placeholders.
   */
  externalServices: boolean;
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
  // No X-Ray daemon here: tracing stays off (it is off outside Lambda anyway, without AWS_EXECUTION_ENV).
  POWERTOOLS_TRACE_ENABLED: 'false',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export function lambdaEnvironment(input: LambdaEnvInput): Env {
  // Typed by the deployment facts: a variable the CDK stack sets for any function is set here too.
  const deployment: Record<DeploymentVariable, string> = {
    CONNECTIONS_TABLE: input.tables.connections,
    REQUESTS_TABLE: input.tables.requests,
    SUBSCRIPTIONS_TABLE: input.tables.subscriptions,
    EVENTS_TABLE: input.tables.events,
    WEBSOCKET_ENDPOINT: input.websocketEndpoint,
    RETRY_QUEUE_URL: input.retryQueueUrl,
    RETRY_DLQ_ARN: input.deadLetterQueueArns.retry,
    STREAM_DLQ_ARN: input.deadLetterQueueArns.stream,
    WATCHDOG_QUEUE_URL: input.watchdogQueue.url,
    WATCHDOG_QUEUE_ARN: input.watchdogQueue.arn,
  };
  return {
    ...OVERRIDABLE_DEFAULTS,
    ...awsSettings(input),
    ...input.auth,
    AWS_REGION: input.region,
    ...deployment,
    // Both the apps' own variables and the AWS SDK's service-specific endpoints, for every service a
    // Lambda may call, so that no client built without an explicit endpoint resolves an amazonaws.com
    // one (AWS_ENDPOINT_URL_<serviceId in capitals, spaces as _>,
    // https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html).
    DYNAMODB_ENDPOINT: input.dynamodbEndpoint,
    SQS_ENDPOINT: input.sqsEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB: input.dynamodbEndpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: input.dynamodbEndpoint,
    AWS_ENDPOINT_URL_SQS: input.sqsEndpoint,
    AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI: input.websocketEndpoint,
  };
}

function awsSettings({ base, externalServices }: LambdaEnvInput): Env {
  if (!externalServices) return placeholderAwsEnvironment(base);
  if (hasOwnCredentials(base)) return base;
  return { ...base, AWS_ACCESS_KEY_ID: PLACEHOLDER_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: PLACEHOLDER_CREDENTIALS.secretAccessKey };
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

// Which AWS credentials the stack and its Lambdas use. On the embedded services (DynamoDB Local, the
// in-process SQS) they use placeholder ones and none of the shell's AWS settings: keys, a session
// token, a profile (which the SDK prefers over keys, and which may not exist), credential and config
// files, role and container providers, endpoint overrides. So `npm start` works the same in any shell
// and never reaches an AWS endpoint because of it. Only an external DYNAMODB_ENDPOINT or SQS_ENDPOINT
// keeps the user's credentials, which that endpoint may need.
export const PLACEHOLDER_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/**
 * The SDK settings through which a shell points clients at an account, a credential source or an
 * endpoint. Environment variables override the shared config files
 * (https://docs.aws.amazon.com/sdkref/latest/guide/environment-variables.html); AWS_ENDPOINT_URL and
 * AWS_ENDPOINT_URL_<SERVICE> set endpoints (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html);
 * AWS_CONTAINER_* and AWS_EC2_METADATA_* reach credential endpoints
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html).
 */
const SHELL_AWS_SETTING =
  /^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|SECURITY_TOKEN|CREDENTIAL_EXPIRATION|ACCOUNT_ID|PROFILE|DEFAULT_PROFILE|CONFIG_FILE|SHARED_CREDENTIALS_FILE|ROLE_ARN|ROLE_SESSION_NAME|WEB_IDENTITY_TOKEN_FILE|CONTAINER_.+|EC2_METADATA_.+|ENDPOINT_URL(_.+)?|IGNORE_CONFIGURED_ENDPOINT_URLS|USE_FIPS_ENDPOINT|USE_DUALSTACK_ENDPOINT|DEFAULT_REGION|SSO_.+)$/;

/**
 * `env` without the shell's AWS settings, with placeholder keys, no shared config or credentials
 * file (the null device reads as empty) and no instance metadata: every credential chain resolves
 * to the placeholders from the environment, and only endpoints set afterwards are used.
 */
export function placeholderAwsEnvironment(env: Env): Env {
  const kept = Object.fromEntries(Object.entries(env).filter(([name]) => !SHELL_AWS_SETTING.test(name)));
  return {
    ...kept,
    AWS_ACCESS_KEY_ID: PLACEHOLDER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: PLACEHOLDER_CREDENTIALS.secretAccessKey,
    AWS_CONFIG_FILE: devNull,
    AWS_SHARED_CREDENTIALS_FILE: devNull,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export function hasOwnCredentials(env: Env): boolean {
  return Boolean(env['AWS_ACCESS_KEY_ID'] || env['AWS_PROFILE']);
}

/**
 * Client config for an external endpoint: keys given in the stack's env (which may not be in
 * process.env, where the SDK's default chain looks), else the user's credential chain when they
 * configure a profile, else placeholders.
 */
export function clientCredentials(env: Env): { credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } } {
  const [accessKeyId, secretAccessKey, sessionToken] = [env['AWS_ACCESS_KEY_ID'], env['AWS_SECRET_ACCESS_KEY'], env['AWS_SESSION_TOKEN']];
  if (accessKeyId && secretAccessKey) return { credentials: sessionToken ? { accessKeyId, secretAccessKey, sessionToken } : { accessKeyId, secretAccessKey } };
  return hasOwnCredentials(env) ? {} : { credentials: PLACEHOLDER_CREDENTIALS };
}
