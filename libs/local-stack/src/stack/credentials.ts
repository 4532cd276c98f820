// With no AWS credentials configured, the stack and its Lambdas use placeholder ones: the local
// services take any. Configured credentials (keys or a profile) are always left to the SDK's chain.
import type { Env } from '@streamer/config';

export const PLACEHOLDER_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export function hasOwnCredentials(env: Env): boolean {
  return Boolean(env['AWS_ACCESS_KEY_ID'] || env['AWS_PROFILE']);
}

/** Client config fragment: placeholder credentials unless the environment configures its own. */
export function clientCredentials(env: Env): { credentials?: typeof PLACEHOLDER_CREDENTIALS } {
  return hasOwnCredentials(env) ? {} : { credentials: PLACEHOLDER_CREDENTIALS };
}
