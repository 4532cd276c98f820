// Jest globalSetup for suites that run whole local stacks one file at a time, each on tables of its own
// (the reliability suites): ONE DynamoDB Local for this Jest run's files, named to them in
// STREAMER_TEST_DYNAMODB_ENDPOINT (`testStackOptions` in @streamer/local-stack/testing creates the
// tables). It is started here even inside `npm test`, never the run's shared one: DynamoDB Local keeps
// every table in one SQLite database and serves one request at a time, and these suites' bursts would
// queue behind every other suite's. One JVM instead of one per file saves its start and warm-up for
// every file after the first. Pair it with jest-global-teardown.ts, which stops it.
import { SHARED_DYNAMODB_ENDPOINT_VAR, setHarnessState } from './shared-dynamodb-local';
import { startDynamoDbLocal } from './dynamodb-local';

export default async function globalSetup(): Promise<void> {
  const local = await startDynamoDbLocal({ readyTimeoutMs: 120_000 });
  setHarnessState({ endpoint: local.endpoint, stop: local.stop, external: false });
  process.env[SHARED_DYNAMODB_ENDPOINT_VAR] = local.endpoint;
}
