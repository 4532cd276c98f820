// One local stack per test file: the five Lambda bundles on tables of its own in the reliability suites'
// DynamoDB Local (the store's jest-stack-dynamodb-setup.ts; run outside that setup, a DynamoDB Local of its own), its
// stream and the SQS emulator, on 127.0.0.1 with a random port and a throw-away state directory. The
// hourly cleanup is off unless a suite asks for it, and the Lambdas log errors only unless a suite asks
// for more. A Lambda that returns with work still pending fails its invocation, and stop() rejects
// (freezeCheck: 'strict').
import { type LocalStack, type LocalStackOptions, startLocalStack } from '@streamer/local-stack';
import { testStackOptions } from '@streamer/local-stack/testing';

export const QUIET_LAMBDAS = { POWERTOOLS_LOG_LEVEL: 'ERROR', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

export function startStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  return startLocalStack(testStackOptions('reliability', { cleanupIntervalMs: 0, freezeCheck: 'strict', ...options, env: { ...QUIET_LAMBDAS, ...options.env } }));
}
