import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { StreamerTables } from './tables';
import type { LambdaFunctionName } from '@streamer/config/deployment';

type Kind = keyof StreamerTables;

const READ = ['dynamodb:GetItem', 'dynamodb:Query'];
/** What a connection manager needs: status lookups, touches, gone-socket cleanup, broadcast recipients. */
const CONNECTIONS_FOR_DELIVERY = [...READ, 'dynamodb:UpdateItem'];
const SUBSCRIPTION_CLEANUP = ['dynamodb:Query', 'dynamodb:BatchWriteItem'];
/**
 * Publishing a topic event: read the topic's head, then one TransactWriteItems of an UpdateItem (the
 * head) and a PutItem (the event) — IAM authorises each action of a transaction on its own
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html).
 */
const EVENTS_PUBLISH = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];

/**
 * DynamoDB actions each function needs, per table — nothing more (checked against the store's calls:
 * idempotent request creation is a transaction of two PutItems; removing a connection's subscriptions
 * queries the ConnectionIdIndex and deletes in batches). `grant` also covers the table's indexes.
 */
export const TABLE_ACCESS: Record<LambdaFunctionName, Partial<Record<Kind, string[]>>> = {
  connect: { connections: ['dynamodb:PutItem'] },
  disconnect: {
    connections: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    subscriptions: SUBSCRIPTION_CLEANUP,
  },
  router: {
    connections: CONNECTIONS_FOR_DELIVERY,
    requests: [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    subscriptions: [...SUBSCRIPTION_CLEANUP, 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    /** `subscribe` replays history (GetItem + Query); a sync handler may publish. */
    events: [...EVENTS_PUBLISH, 'dynamodb:Query'],
  },
  processor: {
    connections: CONNECTIONS_FOR_DELIVERY,
    /** PutItem: the pieces of a result over one message, items of their own beside the request. */
    requests: [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    subscriptions: SUBSCRIPTION_CLEANUP,
    events: EVENTS_PUBLISH,
  },
  /** The sweeps scan for expired leases and stalled retries, and re-queue. */
  'processor-sweep': {
    requests: ['dynamodb:Scan', 'dynamodb:UpdateItem'],
  },
  'admin-connection-manager': {
    /** The cleanup walks the activity index (Query) and keeps its cursor item (GetItem, PutItem, DeleteItem). */
    connections: [...CONNECTIONS_FOR_DELIVERY, 'dynamodb:Scan', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
    subscriptions: [...SUBSCRIPTION_CLEANUP, 'dynamodb:DeleteItem'],
    events: EVENTS_PUBLISH,
  },
};

export function grantTableAccess(app: LambdaFunctionName, grantee: iam.IGrantable, tables: StreamerTables): void {
  for (const [kind, actions] of Object.entries(TABLE_ACCESS[app]) as [Kind, string[]][]) {
    (tables[kind] as dynamodb.Table).grant(grantee, ...actions);
  }
}
