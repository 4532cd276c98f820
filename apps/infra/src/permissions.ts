import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type { StreamerTables } from './tables';
import type { LambdaApp } from './functions';

type Kind = keyof StreamerTables;

const READ = ['dynamodb:GetItem', 'dynamodb:Query'];
const WRITE = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

/**
 * DynamoDB actions each function needs, per table — nothing more. `grant` also covers the table's
 * indexes. Transactions (idempotent request creation) need the per-item actions they contain.
 */
export const TABLE_ACCESS: Record<LambdaApp, Partial<Record<Kind, string[]>>> = {
  connect: { connections: ['dynamodb:PutItem'] },
  disconnect: {
    connections: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    subscriptions: ['dynamodb:Query', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
  },
  router: {
    connections: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
    requests: [...READ, 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
    subscriptions: [...READ, 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  },
  processor: {
    connections: ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
    requests: [...READ, 'dynamodb:UpdateItem'],
  },
  'admin-connection-manager': {
    connections: [...READ, 'dynamodb:Scan', 'dynamodb:UpdateItem'],
    requests: [...READ, 'dynamodb:Scan', 'dynamodb:UpdateItem'],
    subscriptions: [...READ, ...WRITE, 'dynamodb:BatchWriteItem'],
  },
};

export function grantTableAccess(app: LambdaApp, grantee: iam.IGrantable, tables: StreamerTables): void {
  for (const [kind, actions] of Object.entries(TABLE_ACCESS[app]) as [Kind, string[]][]) {
    (tables[kind] as dynamodb.Table).grant(grantee, ...actions);
  }
}
