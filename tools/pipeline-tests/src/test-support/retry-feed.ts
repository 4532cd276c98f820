// The processor's SQS retry queue on an in-process SQS emulator (local-aws-sqs), polled the way
// Lambda's SQS event source mapping polls it: messages become receivable once their DelaySeconds have
// passed, each batch is handed over as a Lambda SQSEvent, and only the messages the function did not
// report in `batchItemFailures` are deleted.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { createSqsServer } from 'local-aws-sqs';

export interface BatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

export class RetryFeed {
  private constructor(
    private readonly server: Server,
    private readonly client: SQSClient,
    /** SQS endpoint (SQS_ENDPOINT of the apps). */
    readonly endpoint: string,
    /** RETRY_QUEUE_URL of the apps. */
    readonly queueUrl: string,
  ) {}

  static async start(queueName = 'streamer-retries'): Promise<RetryFeed> {
    const server = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
    const { port } = server.address() as AddressInfo;
    const endpoint = `http://127.0.0.1:${port}`;
    const client = new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const { QueueUrl } = await client.send(new CreateQueueCommand({ QueueName: queueName }));
    if (!QueueUrl) throw new Error('The SQS emulator returned no queue URL');
    return new RetryFeed(server, client, endpoint, QueueUrl);
  }

  /** Up to 10 messages whose delay has passed, as the SQS event Lambda would be invoked with. */
  async receive(): Promise<SQSEvent> {
    const input = { QueueUrl: this.queueUrl, WaitTimeSeconds: 0, MaxNumberOfMessages: 10, VisibilityTimeout: 30 };
    const { Messages = [] } = await this.client.send(new ReceiveMessageCommand(input));
    return { Records: Messages.map((message) => toLambdaRecord(message)) };
  }

  /** Deletes the handled messages; the reported failures stay on the queue and come back later. */
  async acknowledge(event: SQSEvent, response: BatchResponse): Promise<void> {
    const failed = new Set(response.batchItemFailures.map((failure) => failure.itemIdentifier));
    for (const record of event.Records) {
      if (failed.has(record.messageId)) continue;
      await this.client.send(new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: record.receiptHandle }));
    }
  }

  async close(): Promise<void> {
    this.client.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

function toLambdaRecord(message: { MessageId?: string; ReceiptHandle?: string; Body?: string; MD5OfBody?: string }): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: now, SenderId: 'local', ApproximateFirstReceiveTimestamp: now },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:streamer-retries',
    awsRegion: 'us-east-1',
  };
}
