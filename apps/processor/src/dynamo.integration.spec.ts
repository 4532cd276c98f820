// The processor app on the real stores of the run's embedded DynamoDB Local: requests created the way
// the router creates them, the processor fed the table's actual stream records (read through the
// Streams API), retries carried by an in-process SQS, posts recorded by the fake gateway.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { FakeGateway } from '@streamer/connection-manager/testing';
import { createRegistry } from '@streamer/handlers';
import { silentLogger } from '@streamer/kernel';
import { SqsRetryQueue } from '@streamer/processor/aws';
import type { RequestRecord, TableNames } from '@streamer/store';
import { createDynamoDocumentClient, createDynamoStores, type DynamoStores } from '@streamer/store/dynamo';
import { createTables, deleteTables, localClientConfig } from '@streamer/store/local';
import type { SQSEvent } from 'aws-lambda';
import { createSqsServer } from 'local-aws-sqs';
import { FakeRetryQueue } from '@streamer/processor/testing';
import { createProcessorHandler, type ProcessorHandler } from './app';
import { createSweepHandler } from './sweep';
import { lambdaContext } from './test-support/app-harness';
import { StreamReader } from './test-support/stream-reader';

jest.setTimeout(30_000);

const config = localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? '');
const admin = new DynamoDBClient(config);
const doc = createDynamoDocumentClient(config);
const streams = new DynamoDBStreamsClient(config);
let sqsServer: Server;
let sqs: SQSClient;
let run = 0;
let tables: TableNames;

beforeAll(async () => {
  sqsServer = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
  const { port } = sqsServer.address() as AddressInfo;
  sqs = new SQSClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
});

beforeEach(async () => {
  run += 1;
  const prefix = `processor-${process.pid}-${run}`;
  tables = { connections: `${prefix}-connections`, requests: `${prefix}-requests`, subscriptions: `${prefix}-subscriptions`, events: `${prefix}-events` };
  await createTables(admin, tables);
});

afterEach(() => deleteTables(admin, tables));

afterAll(async () => {
  for (const client of [admin, doc, streams, sqs]) client.destroy();
  await new Promise((resolve) => sqsServer.close(resolve));
});

interface Pipeline {
  stores: DynamoStores;
  gateway: FakeGateway;
  handler: ProcessorHandler;
  stream: StreamReader;
  /** Retry messages waiting on the queue, received and deleted as Lambda's SQS poller would. */
  receiveRetries(): Promise<SQSEvent>;
  queue(action: string, payload: Record<string, unknown>): Promise<RequestRecord>;
}

async function pipeline(): Promise<Pipeline> {
  const stores = createDynamoStores({ client: doc, tables, logger: silentLogger });
  const gateway = new FakeGateway();
  const queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `retries-${run}` }))).QueueUrl ?? '';
  const handler = createProcessorHandler({
    registry: createRegistry({ reportStepMs: 5 }),
    stores,
    gateway,
    retryQueue: new SqsRetryQueue({ queueUrl, client: sqs }),
    settings: { retryDelayMs: 0, cancelPollMs: 0 },
    logger: silentLogger,
  });
  const now = Date.now();
  await stores.connections.put({
    connectionId: 'conn-1',
    userId: 'user-1',
    tenantId: 'tenant-1',
    status: 'CONNECTED',
    endpoint: 'https://api.example.com/prod',
    connectedAt: now,
    lastActiveAt: now,
    ttl: Math.floor(now / 1000) + 3600,
  });
  return {
    stores,
    gateway,
    handler,
    stream: new StreamReader(streams, tables.requests),
    async receiveRetries() {
      const out = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }));
      const messages = out.Messages ?? [];
      for (const message of messages) await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      return {
        Records: messages.map((message) => ({
          messageId: message.MessageId ?? '',
          receiptHandle: message.ReceiptHandle ?? '',
          body: message.Body ?? '',
          attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'local', ApproximateFirstReceiveTimestamp: '0' },
          messageAttributes: {},
          md5OfBody: message.MD5OfBody ?? '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:retries',
          awsRegion: 'us-east-1',
        })),
      };
    },
    async queue(action, payload) {
      const created = await stores.requests.create({
        requestId: `req-${run}`,
        connectionId: 'conn-1',
        userId: 'user-1',
        tenantId: 'tenant-1',
        clientId: `c-${run}`,
        action,
        payload,
      });
      return created.request;
    },
  };
}

type Frame = { type: string; id?: string; progress?: number; data?: unknown };

describe('processor on DynamoDB Streams', () => {
  it('decodes the real INSERT of a queued request, stores the result, then posts progress and the result', async () => {
    const p = await pipeline();
    const request = await p.queue('generate_report', { recordCount: 5000 });

    const inserts = await p.stream.next();
    expect(inserts.Records.map((record) => record.eventName)).toEqual(['INSERT', 'INSERT']); // the request and its idempotency guard
    await expect(p.handler(inserts, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });

    expect(await p.stores.requests.get(request.requestId)).toMatchObject({
      status: 'completed',
      attempts: 1,
      progress: 1,
      result: { url: `https://reports.example.com/tenant-1/${request.requestId}.pdf`, recordCount: 5000 },
    });
    const frames = p.gateway.delivered('conn-1') as Frame[];
    const progress = frames.filter((frame) => frame.type === 'progress').map((frame) => frame.progress ?? -1);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(frames.at(-1)).toMatchObject({ id: request.clientId, type: 'result', data: { recordCount: 5000 } });

    // The claim, progress and completion came back as MODIFY records; a replay of the INSERT is a duplicate.
    const modifies = await p.stream.next();
    expect(new Set(modifies.Records.map((record) => record.eventName))).toEqual(new Set(['MODIFY']));
    await expect(p.handler(modifies, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    await expect(p.handler(inserts, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    expect(p.gateway.delivered('conn-1')).toHaveLength(frames.length);
    expect((await p.stores.requests.get(request.requestId))?.attempts).toBe(1);
  });

  it('retries flaky through SQS until it completes, posting one terminal message', async () => {
    const p = await pipeline();
    const request = await p.queue('flaky', { failures: 2 });

    await p.handler(await p.stream.next(), lambdaContext());
    expect(await p.stores.requests.get(request.requestId)).toMatchObject({ status: 'queued', attempts: 1 });
    for (let delivery = 0; delivery < 5; delivery += 1) {
      const retries = await p.receiveRetries();
      if (retries.Records.length === 0) break;
      await expect(p.handler(retries, lambdaContext())).resolves.toEqual({ batchItemFailures: [] });
    }

    expect(await p.stores.requests.get(request.requestId)).toMatchObject({ status: 'completed', attempts: 3, result: { attempts: 3 } });
    const terminal = (p.gateway.delivered('conn-1') as Frame[]).filter((frame) => frame.type !== 'progress');
    expect(terminal).toEqual([{ id: request.clientId, type: 'result', success: true, data: { attempts: 3 } }]);
  });
});

describe('the sweeps on DynamoDB', () => {
  it('re-queues a request whose lease expired and sends again a retry that never arrived, found by their scans', async () => {
    const earlier = createDynamoStores({ client: doc, tables, logger: silentLogger, clock: () => Date.now() - 40 * 60_000 });
    const request = (requestId: string) => ({ requestId, connectionId: 'conn-1', userId: 'user-1', tenantId: 'tenant-1', clientId: `c-${requestId}`, action: 'generate_report', payload: {} });
    for (const id of ['r-dead', 'r-lost', 'r-live']) await earlier.requests.create(request(id));
    await earlier.requests.claim('r-dead', { leaseMs: 30_000 }); // its invocation died 40 minutes ago
    await earlier.requests.claim('r-lost', { leaseMs: 30_000 });
    await earlier.requests.requeue('r-lost', { code: 'INTERNAL_ERROR', message: 'Internal error', retryable: true }); // its SQS send failed
    const stores = createDynamoStores({ client: doc, tables, logger: silentLogger });
    await stores.requests.claim('r-live', { leaseMs: 60_000 });
    const retryQueue = new FakeRetryQueue();
    const sweep = createSweepHandler({ requests: stores.requests, retryQueue, logger: silentLogger, stalledRetryAfterMs: 30 * 60_000 });

    expect(await sweep({}, lambdaContext())).toEqual({ requeuedCount: 1, resentCount: 1, failedCount: 0, complete: true });
    expect(retryQueue.history.map((entry) => entry.requestId).sort()).toEqual(['r-dead', 'r-lost']);
    expect(await stores.requests.get('r-dead')).toMatchObject({ status: 'queued', attempts: 1, lastError: { code: 'TIMEOUT' } });
    expect((await stores.requests.get('r-live'))?.status).toBe('processing');
  });
});
