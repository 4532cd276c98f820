// The backing services of a stack and the Lambdas on top of them: token signing, DynamoDB (tables
// created), SQS (queues created), the Lambda environment applied to process.env, the functions loaded.
import { QUEUES } from '@streamer/config/deployment';
import type { TableNames } from '@streamer/store';
import { authEnvironment, resolveSigner, type TokenSigner } from '../auth/signing';
import { type StackDynamoDb, startDynamoDb } from '../dynamo/dynamodb';
import { FreezeCheck } from '../lambda/freeze-check';
import { loadFunctions, type StackFunctions } from '../lambda/load-functions';
import { type SqsService, startSqs } from '../sqs/sqs-service';
import type { LocalLogger } from '../util/logger';
import { withinMs } from '../util/sleep';
import { clientCredentials } from './credentials';
import { applyEnvironment, lambdaEnvironment } from './lambda-env';
import type { StackSettings } from './settings';
import type { Teardown } from './teardown';

export const NAME_PREFIX = 'streamer-local';

export interface StackServices {
  tables: TableNames;
  signer: TokenSigner;
  dynamo: StackDynamoDb;
  sqs: SqsService;
  functions: StackFunctions;
  freezeCheck: FreezeCheck;
}

export async function startServices(settings: StackSettings, httpUrl: string, teardown: Teardown, logger: LocalLogger): Promise<StackServices> {
  const tables = tableNames(settings);
  const signer = await resolveSigner(settings.env, settings.stateDir);
  const [dynamo, sqs] = await bothOrNeither(
    startDynamoDb({ endpoint: settings.dynamodbEndpoint, region: settings.region, tables, logger, clientConfig: clientCredentials(settings.env) }),
    startSqs({
      endpoint: settings.sqsEndpoint,
      region: settings.region,
      namePrefix: NAME_PREFIX,
      visibilityTimeoutSeconds: settings.retryVisibilityTimeoutSeconds,
      maxReceiveCount: QUEUES.retryMaxReceiveCount,
      clientConfig: clientCredentials(settings.env),
    }),
  );
  teardown.add('DynamoDB', dynamo.stop);
  teardown.add('SQS', sqs.stop);
  const env = lambdaEnvironment({
    base: settings.env,
    tables,
    region: settings.region,
    websocketEndpoint: httpUrl,
    retryQueueUrl: sqs.queues.retry.url,
    deadLetterQueueArns: { retry: sqs.queues.retryDeadLetter.arn, stream: sqs.queues.streamDeadLetter.arn },
    dynamodbEndpoint: dynamo.endpoint,
    sqsEndpoint: sqs.endpoint,
    externalServices: !dynamo.embedded || !sqs.embedded,
    auth: authEnvironment(signer),
  });
  teardown.add('process.env', applyEnvironment(env));
  const freezeCheck = new FreezeCheck({ mode: settings.freezeCheck, logger });
  teardown.add('freeze check', () => freezeCheck.close());
  const functions = loadFunctions(settings.distDir, settings.region, NAME_PREFIX, freezeCheck);
  teardown.add('Lambda invocations', () => withinMs(Promise.all(Object.values(functions).map((f) => f.drain())), 5_000));
  return { tables, signer, dynamo, sqs, functions, freezeCheck };
}

/** Starts both services side by side; when one fails, the other is stopped before the error is thrown. */
async function bothOrNeither<A extends { stop(): Promise<void> }, B extends { stop(): Promise<void> }>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [first, second] = await Promise.allSettled([a, b]);
  if (first.status === 'fulfilled' && second.status === 'fulfilled') return [first.value, second.value];
  await Promise.all([first, second].map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
  throw first.status === 'rejected' ? first.reason : (second as PromiseRejectedResult).reason;
}

/** CONNECTIONS_TABLE (or CONNECTIONS_TABLE_NAME), REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, else streamer-local-*. */
function tableNames(settings: StackSettings): TableNames {
  const env = settings.env;
  return {
    connections: env['CONNECTIONS_TABLE'] || env['CONNECTIONS_TABLE_NAME'] || `${NAME_PREFIX}-connections`,
    requests: env['REQUESTS_TABLE'] || `${NAME_PREFIX}-requests`,
    subscriptions: env['SUBSCRIPTIONS_TABLE'] || `${NAME_PREFIX}-subscriptions`,
  };
}
