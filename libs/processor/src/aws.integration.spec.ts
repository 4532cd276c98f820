import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { type AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { createSqsServer } from 'local-aws-sqs';
import { RetryQueueError } from './errors';
import { SqsRetryQueue } from './aws';

describe('SqsRetryQueue against an in-process SQS', () => {
  let server: Server;
  let client: SQSClient;
  let queueUrl: string;

  beforeAll(async () => {
    server = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
    const { port } = server.address() as AddressInfo;
    client = new SQSClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    queueUrl = (await client.send(new CreateQueueCommand({ QueueName: 'streamer-retries' }))).QueueUrl ?? '';
  });

  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends {"requestId"} bodies the processor reads back', async () => {
    const queue = new SqsRetryQueue({ queueUrl, client });

    await queue.enqueue('01J-retry-now', 0);

    const received = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }));
    expect(received.Messages?.map((message) => JSON.parse(message.Body ?? ''))).toEqual([{ requestId: '01J-retry-now' }]);
  });

  it('holds a delayed retry back until its delay has passed', async () => {
    const queue = new SqsRetryQueue({ queueUrl, client });

    await queue.enqueue('01J-retry-later', 60);

    const received = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
    expect(received.Messages ?? []).toEqual([]);
  });
});

describe('SqsRetryQueue at the SDK boundary', () => {
  let sqs: AwsClientStub<SQSClient>;
  beforeEach(() => {
    sqs = mockClient(SQSClient);
  });
  afterEach(() => sqs.restore());

  it('passes the delay as DelaySeconds', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    const queue = new SqsRetryQueue({ queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/retries', clientConfig: { region: 'us-east-1' } });

    await queue.enqueue('r-1', 900);

    expect(sqs.commandCalls(SendMessageCommand)[0]?.args[0].input).toEqual({
      QueueUrl: 'https://sqs.us-east-1.amazonaws.com/1/retries',
      MessageBody: '{"requestId":"r-1"}',
      DelaySeconds: 900,
    });
  });

  it('translates SDK failures into RetryQueueError with the cause', async () => {
    const cause = Object.assign(new Error('Queue does not exist'), { name: 'QueueDoesNotExist' });
    sqs.on(SendMessageCommand).rejects(cause);
    const queue = new SqsRetryQueue({ queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/retries', client: new SQSClient({ region: 'us-east-1' }) });

    const failure = queue.enqueue('r-1', 5);

    await expect(failure).rejects.toThrow(RetryQueueError);
    await expect(failure).rejects.toMatchObject({ cause, context: { requestId: 'r-1' }, message: expect.stringContaining('QueueDoesNotExist') });
  });

  it.each([-1, 901, 1.5])('refuses the delay %p without calling SQS', async (delay) => {
    const queue = new SqsRetryQueue({ queueUrl: 'https://sqs.us-east-1.amazonaws.com/1/retries', clientConfig: { region: 'us-east-1' } });

    await expect(queue.enqueue('r-1', delay)).rejects.toThrow(RetryQueueError);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
