// SQS for the processor: the in-process emulator (local-aws-sqs, SDK JSON protocol) on a random
// 127.0.0.1 port, or any SQS endpoint given. The queues mirror the CDK stack's: a retry queue
// redriven to its DLQ after 3 receives, the stream batches' on-failure DLQ, and both DLQs (which
// the processor consumes) redriven to the parked queue after 5 receives.
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient, type SQSClientConfig } from '@aws-sdk/client-sqs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSqsServer } from 'local-aws-sqs';
import { QUEUES } from '@streamer/config/deployment';

export interface QueueRef {
  url: string;
  arn: string;
}

export interface StreamerQueues {
  retry: QueueRef;
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
  return { retry, retryDeadLetter, streamDeadLetter, parked };
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
