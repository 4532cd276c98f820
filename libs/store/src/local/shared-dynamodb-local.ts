// One DynamoDB Local for a whole test run (`npm test`): tools/scripts/check.cjs starts it with
// startSharedDynamoDbLocal() before Nx runs the projects and stops it when the run ends; every Jest
// global setup and test stack of that run finds it in STREAMER_TEST_DYNAMODB_ENDPOINT and creates its
// own uniquely named tables there (testTableNames) instead of starting another JVM. A suite run on
// its own (`npx nx integration store`) finds no variable and starts its own DynamoDB Local. Also the
// state Jest's globalSetup hands to its globalTeardown (jest-global-setup.ts / -teardown.ts).
import { randomBytes } from 'node:crypto';
import type { TableNames } from '../tables';
import { type DynamoDbLocal, startDynamoDbLocal, type StartDynamoDbLocalOptions } from './dynamodb-local';

/** The variable naming the run's shared DynamoDB Local endpoint. */
export const SHARED_DYNAMODB_ENDPOINT_VAR = 'STREAMER_TEST_DYNAMODB_ENDPOINT';

/** The run's shared endpoint, when a test runner started one. */
export function sharedDynamoDbEndpoint(env: Record<string, string | undefined> = process.env): string | undefined {
  return env[SHARED_DYNAMODB_ENDPOINT_VAR] || undefined;
}

/**
 * Starts DynamoDB Local (in memory, -sharedDb, a free 127.0.0.1 port) and names it in `env`. It starts
 * next to the run's type check and lint, so it gets longer to answer than one started by a suite.
 */
export async function startSharedDynamoDbLocal(
  env: Record<string, string | undefined> = process.env,
  options: StartDynamoDbLocalOptions = { readyTimeoutMs: 120_000 },
): Promise<DynamoDbLocal> {
  const local = await startDynamoDbLocal(options);
  env[SHARED_DYNAMODB_ENDPOINT_VAR] = local.endpoint;
  return local;
}

/** Table names no other suite of the run uses: `streamer-test-<label>-<time>-<random>-<kind>`. */
export function testTableNames(label = 'run'): TableNames {
  const run = `${label}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  return {
    connections: `streamer-test-${run}-connections`,
    requests: `streamer-test-${run}-requests`,
    subscriptions: `streamer-test-${run}-subscriptions`,
    events: `streamer-test-${run}-events`,
  };
}

// State shared between Jest's globalSetup and globalTeardown (both run in Jest's parent process).
export interface HarnessState {
  endpoint: string;
  /** The tables the setup created; absent when the suites create their own. */
  tables?: TableNames;
  /** Stops the DynamoDB Local started by the setup; absent for an external DYNAMODB_ENDPOINT or the run's shared one. */
  stop?: () => Promise<void>;
  external: boolean;
}

const KEY = Symbol.for('streamer.store.dynamodb-harness');

type Holder = { [KEY]?: HarnessState };

export function setHarnessState(state: HarnessState): void {
  (globalThis as Holder)[KEY] = state;
}

export function takeHarnessState(): HarnessState | undefined {
  const state = (globalThis as Holder)[KEY];
  delete (globalThis as Holder)[KEY];
  return state;
}
