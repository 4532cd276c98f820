// The naive broadcast of the AWS WebSocket chat sample: Scan the connections table, then Promise.all
// one SDK PostToConnectionCommand per connection, deleting the item on a 410. Two changes, both in its
// favour: the Scan is paginated (the sample reads one 1 MB page and silently misses the rest) and
// filtered to the target tenant's CONNECTED items, so it reaches exactly the sockets ours reaches.
import { type ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';
import { DeleteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export interface NaiveResult {
  sent: number;
  gone: number;
  failed: number;
}

export async function naiveBroadcast(
  doc: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
  client: ApiGatewayManagementApiClient,
  data: Uint8Array,
): Promise<NaiveResult> {
  const ids = await scanTenant(doc, table, tenantId);
  const result: NaiveResult = { sent: 0, gone: 0, failed: 0 };
  await Promise.all(
    ids.map(async (connectionId) => {
      try {
        await client.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: data }));
        result.sent += 1;
      } catch (error) {
        if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 410) {
          result.failed += 1;
          return;
        }
        result.gone += 1;
        await doc.send(new DeleteCommand({ TableName: table, Key: { connectionId } }));
      }
    }),
  );
  return result;
}

async function scanTenant(doc: DynamoDBDocumentClient, table: string, tenantId: string): Promise<string[]> {
  const ids: string[] = [];
  let start: Record<string, unknown> | undefined;
  for (let page = 0; page < 10_000; page++) {
    const out = await doc.send(
      new ScanCommand({
        TableName: table,
        ProjectionExpression: 'connectionId',
        FilterExpression: 'tenantId = :t AND #s = :c',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':t': tenantId, ':c': 'CONNECTED' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) ids.push(String(item['connectionId']));
    start = out.LastEvaluatedKey;
    if (!start) return ids;
  }
  throw new Error(`Scan of ${table} did not end`);
}
