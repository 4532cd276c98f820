import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { silentLogger } from '@streamer/kernel';
import { waitFor } from '@streamer/kernel/testing';
import type { SQSEvent } from 'aws-lambda';
import { type SqsService, startSqs } from '../stack/services';
import { SqsPoller } from './sqs-poller';

describe('SqsPoller against the in-process SQS emulator', () => {
  let sqs: SqsService;
  let poller: SqsPoller;
  let events: SQSEvent[];
  let respond: (event: SQSEvent) => Promise<unknown>;

  beforeEach(async () => {
    sqs = await startSqs({ region: 'us-east-1', namePrefix: 'poller-test', visibilityTimeoutSeconds: 1, maxReceiveCount: 3 });
    events = [];
    respond = async () => ({ batchItemFailures: [] });
    poller = new SqsPoller({
      client: sqs.client,
      queueUrl: sqs.queues.retry.url,
      queueArn: sqs.queues.retry.arn,
      region: 'us-east-1',
      invoke: async (event) => {
        events.push(event);
        return respond(event);
      },
      pollIntervalMs: 20,
      logger: silentLogger,
    });
    poller.start();
  });
  afterEach(async () => {
    await poller.stop();
    await sqs.stop();
  });

  const send = (body: string, DelaySeconds = 0) => sqs.client.send(new SendMessageCommand({ QueueUrl: sqs.queues.retry.url, MessageBody: body, DelaySeconds }));
  const bodies = () => events.flatMap((e) => e.Records.map((r) => r.body));
  const deadLetters = async () => (await sqs.client.send(new ReceiveMessageCommand({ QueueUrl: sqs.queues.retryDeadLetter.url, WaitTimeSeconds: 0, MaxNumberOfMessages: 10 }))).Messages ?? [];

  it('invokes the function with SQSEvent records and deletes what succeeded', async () => {
    await send('{"requestId":"a"}');
    await waitFor(() => events[0], 'the first batch');
    expect(events[0]?.Records[0]).toMatchObject({
      body: '{"requestId":"a"}',
      eventSource: 'aws:sqs',
      eventSourceARN: sqs.queues.retry.arn,
      awsRegion: 'us-east-1',
      attributes: { ApproximateReceiveCount: '1' },
    });
    await waitFor(async () => {
      const { Attributes = {} } = await sqs.client.send(
        new GetQueueAttributesCommand({ QueueUrl: sqs.queues.retry.url, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      );
      return Attributes['ApproximateNumberOfMessages'] === '0' && Attributes['ApproximateNumberOfMessagesNotVisible'] === '0' ? true : undefined;
    }, 'the processed message to be deleted');
    expect(bodies()).toEqual(['{"requestId":"a"}']);
  });

  it('long-polls (WaitTimeSeconds 20, as Lambda does) and still hands a lone message over before the wait ends', async () => {
    const receives: { WaitTimeSeconds?: number; MaxNumberOfMessages?: number }[] = [];
    const recording = {
      send: ((command: { input: unknown }, options?: unknown) => {
        if (command instanceof ReceiveMessageCommand) receives.push(command.input);
        return sqs.client.send(command as never, options as never);
      }) as typeof sqs.client.send,
    };
    const got: SQSEvent[] = [];
    const queue = sqs.queues.streamDeadLetter;
    const longPoller = new SqsPoller({ client: recording, queueUrl: queue.url, queueArn: queue.arn, region: 'us-east-1', invoke: async (event) => void got.push(event), logger: silentLogger });
    longPoller.start();
    try {
      await waitFor(() => receives[0], 'the first receive');
      expect(receives[0]).toMatchObject({ WaitTimeSeconds: 20, MaxNumberOfMessages: 1 });
      await sqs.client.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'lone' }));
      // waitFor gives up after 10 s, half the long poll's wait: the message must not sit out the wait.
      await waitFor(() => got[0], 'the lone message');
      expect(got.flatMap((e) => e.Records.map((r) => r.body))).toEqual(['lone']);
    } finally {
      await longPoller.stop();
    }
  });

  it("holds a delayed message back until its delay has passed (the emulator honours DelaySeconds)", async () => {
    const sentAt = Date.now();
    await send('{"requestId":"later"}', 1);
    await waitFor(() => events[0], 'the delayed message', 5_000);
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(900);
  });

  it('redelivers batch item failures after the visibility timeout, then the redrive policy moves them to the DLQ', async () => {
    respond = async (event) => ({ batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) });
    await send('poison');
    await send('fine');
    const dead = await waitFor(async () => {
      const messages = await deadLetters();
      return messages.length > 0 ? messages : undefined;
    }, 'the poison message in the DLQ', 15_000);
    expect(dead.map((m) => m.Body)).toEqual(['poison']);
    expect(bodies().filter((b) => b === 'poison')).toHaveLength(3);
    expect(bodies().filter((b) => b === 'fine')).toHaveLength(1);
  });
});
