// Direct reads of the stack's tables, to check what was (or was not) stored, independently of the
// Lambdas: consistent scans and gets through the DynamoDB client.
import { DynamoDBClient, GetItemCommand, PutItemCommand, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { LocalStack } from '@streamer/local-stack';
import type { RequestRecord, TableKind } from '@streamer/store';
import { localClientConfig } from '@streamer/store/local';

export class Tables {
  private readonly client: DynamoDBClient;

  constructor(private readonly stack: LocalStack) {
    this.client = new DynamoDBClient(localClientConfig(stack.dynamodbEndpoint, { region: stack.region }));
  }

  /** Every item of a table (paginated scan), unmarshalled. */
  async scan(kind: TableKind): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    for (let page = 0; page < 10_000; page += 1) {
      const answer = await this.client.send(new ScanCommand({ TableName: this.stack.tables[kind], ConsistentRead: true, ExclusiveStartKey: start }));
      items.push(...(answer.Items ?? []).map((item) => unmarshall(item)));
      start = answer.LastEvaluatedKey;
      if (!start) return items;
    }
    throw new Error(`scan of ${kind} did not end`);
  }

  /** The stored requests (idempotency guard items, which carry no status, left out). */
  async requests(): Promise<RequestRecord[]> {
    return (await this.scan('requests')).filter((item) => typeof item['status'] === 'string') as unknown as RequestRecord[];
  }

  async request(requestId: string): Promise<RequestRecord | undefined> {
    const { Item } = await this.client.send(new GetItemCommand({ TableName: this.stack.tables.requests, Key: { requestId: { S: requestId } }, ConsistentRead: true }));
    return Item ? (unmarshall(Item) as RequestRecord) : undefined;
  }

  /** Writes an item as is (for records no Lambda would write). */
  async putRaw(kind: TableKind, item: Record<string, unknown>): Promise<void> {
    await this.client.send(new PutItemCommand({ TableName: this.stack.tables[kind], Item: marshall(item, { removeUndefinedValues: true }) }));
  }

  close(): void {
    this.client.destroy();
  }
}
