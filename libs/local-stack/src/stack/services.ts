// The backing services of a stack and the Lambdas on top of them: token signing, DynamoDB (tables
// created), SQS (queues created), the Lambda environment applied to process.env, the functions loaded.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import { QUEUES } from '@streamer/config/deployment';
import type { Logger } from '@streamer/kernel';
import type { TableNames } from '@streamer/store';
import { createTables, type DynamoDbLocal, localClientConfig, startDynamoDbLocal } from '@streamer/store/local';
import { createSqsServer } from 'local-aws-sqs';
import { authEnvironment, resolveSigner, type TokenSigner } from '../auth/dev-tokens';
import { FreezeCheck } from '../lambda/freeze-check';
import { invocationLine } from '../lambda/invocation-log';
import type { InvocationReport } from '../lambda/lambda-function';
import { loadFunctions, type StackFunctions } from '../lambda/load-functions';
import { withinMs } from '../util/support';
import { applyEnvironment, clientCredentials, lambdaEnvironment } from './lambda-env';
import type { StackSettings } from './settings';
import type { Teardown } from './start-local-stack';

export const NAME_PREFIX = 'streamer-local';

export interface StackServices {
  tables: TableNames;
  signer: TokenSigner;
  dynamo: StackDynamoDb;
  sqs: SqsService;
  functions: StackFunctions;
  freezeCheck: FreezeCheck;
}

export async function startServices(settings: StackSettings, httpUrl: string, teardown: Teardown, logger: Logger): Promise<StackServices> {
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
    watchdogQueue: sqs.queues.watchdog,
    deadLetterQueueArns: { retry: sqs.queues.retryDeadLetter.arn, stream: sqs.queues.streamDeadLetter.arn },
    dynamodbEndpoint: dynamo.endpoint,
    sqsEndpoint: sqs.endpoint,
    externalServices: !dynamo.embedded || !sqs.embedded,
    auth: authEnvironment(signer),
  });
  teardown.add('process.env', applyEnvironment(env));
  const freezeCheck = new FreezeCheck({ mode: settings.freezeCheck, logger });
  teardown.add('freeze check', () => freezeCheck.close());
  const print = settings.printLine;
  const onInvocation = print ? (report: InvocationReport) => print(invocationLine(report)) : undefined;
  const functions = loadFunctions(settings.distDir, settings.region, NAME_PREFIX, { freezeCheck, ...(onInvocation ? { onInvocation } : {}) });
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

/** CONNECTIONS_TABLE (or CONNECTIONS_TABLE_NAME), REQUESTS_TABLE, SUBSCRIPTIONS_TABLE, EVENTS_TABLE, else streamer-local-*. */
function tableNames(settings: StackSettings): TableNames {
  const env = settings.env;
  return {
    connections: env['CONNECTIONS_TABLE'] || env['CONNECTIONS_TABLE_NAME'] || `${NAME_PREFIX}-connections`,
    requests: env['REQUESTS_TABLE'] || `${NAME_PREFIX}-requests`,
    subscriptions: env['SUBSCRIPTIONS_TABLE'] || `${NAME_PREFIX}-subscriptions`,
    events: env['EVENTS_TABLE'] || `${NAME_PREFIX}-events`,
  };
}

// The stack's DynamoDB: DynamoDB Local started by the store's helper (in memory, random 127.0.0.1
// port), or the endpoint given (a shared DynamoDB Local, a real account). The four tables are
// created from the store's definitions when missing, the requests table with its stream.
export interface StackDynamoDb {
  endpoint: string;
  /** True when DynamoDB Local was started for this stack (its data goes away with it). */
  embedded: boolean;
  /** Client settings for the stack's own clients (the streams poller). */
  clientConfig: DynamoDBClientConfig;
  stop(): Promise<void>;
}

export interface StackDynamoDbOptions {
  /** Use this endpoint instead of starting DynamoDB Local. */
  endpoint?: string;
  region: string;
  tables: TableNames;
  logger: Logger;
  /** Extra client settings for another endpoint (credentials). */
  clientConfig?: DynamoDBClientConfig;
}

export async function startDynamoDb(options: StackDynamoDbOptions): Promise<StackDynamoDb> {
  const local: DynamoDbLocal | undefined = options.endpoint ? undefined : await startDynamoDbLocal({ logger: { debug: (message: unknown, ..._extra: unknown[]) => options.logger.debug(String(message)) } });
  const endpoint = options.endpoint ?? (local as DynamoDbLocal).endpoint;
  // DynamoDB Local takes any credentials; another endpoint gets what the caller configures.
  const clientConfig: DynamoDBClientConfig = local ? localClientConfig(endpoint, { region: options.region }) : { endpoint, region: options.region, ...options.clientConfig };
  const client = new DynamoDBClient(clientConfig);
  try {
    await createTables(client, options.tables);
  } catch (error) {
    await local?.stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, embedded: local !== undefined, clientConfig, stop: async () => local?.stop() };
}

// SQS for the processor: the in-process emulator (local-aws-sqs, SDK JSON protocol) on a random
// 127.0.0.1 port, or any SQS endpoint given. The queues mirror the CDK stack's: a retry queue
// redriven to its DLQ after 3 receives, the stream batches' on-failure DLQ, and both DLQs (which
// the processor consumes) redriven to the parked queue after 5 receives, and the lease watchdog's queue
// (delayed messages, one per claim; the emulator keeps a message hidden for its DelaySeconds as SQS does)
// parked after 3.
export interface QueueRef {
  url: string;
  arn: string;
}

export interface StreamerQueues {
  retry: QueueRef;
  /** The lease watchdog's queue: the processor sends to it at every claim and consumes it. */
  watchdog: QueueRef;
  retryDeadLetter: QueueRef;
  streamDeadLetter: QueueRef;
  /** Dead letters the processor could not handle either: only a person empties it. */
  parked: QueueRef;
}

export interface SqsService {
  endpoint: string;
  /** True when the emulator runs inside this process. */
  embedded: boolean;
  client: SQSClient;
  queues: StreamerQueues;
  stop(): Promise<void>;
}

export interface SqsServiceOptions {
  /** Another SQS endpoint instead of the in-process emulator. */
  endpoint?: string;
  region: string;
  namePrefix: string;
  /** Visibility timeout of the retry queue (the CDK stack uses 6 × the processor timeout). */
  visibilityTimeoutSeconds: number;
  /** Receives before a retry message moves to its DLQ (CDK: 3). */
  maxReceiveCount: number;
  clientConfig?: SQSClientConfig;
}

export async function startSqs(options: SqsServiceOptions): Promise<SqsService> {
  const server = options.endpoint ? undefined : await createSqsServer({ port: 0, hostname: '127.0.0.1', region: options.region });
  const endpoint = options.endpoint ?? `http://127.0.0.1:${(server?.address() as AddressInfo).port}`;
  // The emulator takes any credentials; another endpoint gets what the caller configures.
  const credentials = server ? { credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {};
  const client = new SQSClient({ endpoint, region: options.region, ...credentials, ...(server ? {} : options.clientConfig) });
  const stop = async (): Promise<void> => {
    client.destroy();
    if (server) await closeServer(server);
  };
  try {
    return { endpoint, embedded: server !== undefined, client, queues: await createQueues(client, options), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Dead letters are kept as long as on AWS (deployment facts). */
const RETENTION_SECONDS = String(QUEUES.deadLetterRetentionDays * 24 * 3600);

async function createQueues(client: SQSClient, options: SqsServiceOptions): Promise<StreamerQueues> {
  const parked = await createQueue(client, `${options.namePrefix}-parked-dlq`, { MessageRetentionPeriod: RETENTION_SECONDS });
  const deadLetter = {
    MessageRetentionPeriod: RETENTION_SECONDS,
    VisibilityTimeout: String(options.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: parked.arn, maxReceiveCount: QUEUES.parkedAfterReceives }),
  };
  const retryDeadLetter = await createQueue(client, `${options.namePrefix}-retry-dlq`, deadLetter);
  const streamDeadLetter = await createQueue(client, `${options.namePrefix}-stream-dlq`, deadLetter);
  const retry = await createQueue(client, `${options.namePrefix}-retry`, {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: retryDeadLetter.arn, maxReceiveCount: options.maxReceiveCount }),
  });
  const watchdog = await createQueue(client, `${options.namePrefix}-lease-watchdog`, {
    VisibilityTimeout: String(options.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: parked.arn, maxReceiveCount: QUEUES.watchdogMaxReceiveCount }),
  });
  return { retry, watchdog, retryDeadLetter, streamDeadLetter, parked };
}

async function createQueue(client: SQSClient, name: string, attributes: Record<string, string>): Promise<QueueRef> {
  const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  if (!QueueUrl) throw new Error(`CreateQueue ${name} returned no QueueUrl`);
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  const arn = Attributes?.['QueueArn'];
  if (!arn) throw new Error(`Queue ${name} has no QueueArn`);
  return { url: QueueUrl, arn };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
