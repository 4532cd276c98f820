// Which AWS credentials the stack and its Lambdas use. On the embedded services (DynamoDB Local, the
// in-process SQS) they use placeholder ones and none of the shell's AWS settings: keys, a session
// token, a profile (which the SDK prefers over keys, and which may not exist), credential and config
// files, role and container providers, endpoint overrides. So `npm start` works the same in any shell
// and never reaches an AWS endpoint because of it. Only an external DYNAMODB_ENDPOINT or SQS_ENDPOINT
// keeps the user's credentials, which that endpoint may need.
import { devNull } from 'node:os';
import type { Env } from '@streamer/config';

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

/** Client config for an external endpoint: the user's credential chain when they configure one, else placeholders. */
export function clientCredentials(env: Env): { credentials?: typeof PLACEHOLDER_CREDENTIALS } {
  return hasOwnCredentials(env) ? {} : { credentials: PLACEHOLDER_CREDENTIALS };
}
