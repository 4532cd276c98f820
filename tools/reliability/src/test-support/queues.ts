// Reads the stack's queues and stream directly: dead-letter queues through SQS, and the requests
// table's stream through the DynamoDB Streams API (to find the sequence number of one item's INSERT).
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand, ListStreamsCommand } from '@aws-sdk/client-dynamodb-streams';
import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { LocalStack } from '@streamer/local-stack';

const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export class StackQueues {
  private readonly sqs: SQSClient;
  private readonly streams: DynamoDBStreamsClient;

  constructor(private readonly stack: LocalStack) {
    this.sqs = new SQSClient({ endpoint: stack.sqsEndpoint, region: stack.region, credentials: CREDENTIALS });
    this.streams = new DynamoDBStreamsClient({ endpoint: stack.dynamodbEndpoint, region: stack.region, credentials: CREDENTIALS });
  }

  async send(queueUrl: string, body: string): Promise<void> {
    await this.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
  }

  /** Receives (and deletes) what is on a queue right now, up to `max` messages. */
  async drain(queueUrl: string, max = 100): Promise<string[]> {
    const bodies: string[] = [];
    while (bodies.length < max) {
      const { Messages = [] } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0, VisibilityTimeout: 30 }));
      if (Messages.length === 0) return bodies;
      for (const message of Messages) {
        bodies.push(message.Body ?? '');
        await this.sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
      }
    }
    return bodies;
  }

  /** Sequence number of the requests-table stream INSERT of `requestId` (read from the stream's start). */
  async insertSequenceOf(requestId: string): Promise<string | undefined> {
    const { Streams = [] } = await this.streams.send(new ListStreamsCommand({ TableName: this.stack.tables.requests }));
    const streamArn = Streams[0]?.StreamArn;
    if (!streamArn) return undefined;
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      let { ShardIterator: iterator } = await this.streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      for (let reads = 0; iterator && reads < 1_000; reads += 1) {
        const { Records = [], NextShardIterator } = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        const found = Records.find((r) => r.eventName === 'INSERT' && r.dynamodb?.Keys?.['requestId']?.S === requestId);
        if (found) return found.dynamodb?.SequenceNumber;
        if (Records.length === 0) break;
        iterator = NextShardIterator;
      }
    }
    return undefined;
  }

  close(): void {
    this.sqs.destroy();
    this.streams.destroy();
  }
}
