import { type RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { TABLE_DEFINITIONS, type AttributeDefinition, type IndexDefinition, type TableDefinition } from '@streamer/store';

export type StreamerTables = Record<TableDefinition['kind'], dynamodb.Table>;

const attribute = (a: AttributeDefinition): dynamodb.Attribute => ({
  name: a.name,
  type: a.type === 'N' ? dynamodb.AttributeType.NUMBER : dynamodb.AttributeType.STRING,
});

const PROJECTIONS: Record<IndexDefinition['projection'], dynamodb.ProjectionType> = {
  ALL: dynamodb.ProjectionType.ALL,
  KEYS_ONLY: dynamodb.ProjectionType.KEYS_ONLY,
  INCLUDE: dynamodb.ProjectionType.INCLUDE,
};

/** The four tables, built from the store's definitions (the same data the tests and local stack use). */
export class Tables extends Construct {
  readonly tables: StreamerTables;

  constructor(scope: Construct, id: string, props: { removalPolicy: RemovalPolicy }) {
    super(scope, id);
    const entries = TABLE_DEFINITIONS.map((def) => [def.kind, this.table(def, props.removalPolicy)] as const);
    this.tables = Object.fromEntries(entries) as StreamerTables;
  }

  private table(def: TableDefinition, removalPolicy: RemovalPolicy): dynamodb.Table {
    const id = def.kind.charAt(0).toUpperCase() + def.kind.slice(1);
    const table = new dynamodb.Table(this, id, {
      partitionKey: attribute(def.partitionKey),
      sortKey: def.sortKey && attribute(def.sortKey),
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: def.ttlAttribute,
      stream: def.stream ? dynamodb.StreamViewType.NEW_AND_OLD_IMAGES : undefined,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy,
    });
    for (const index of def.indexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.indexName,
        partitionKey: attribute(index.partitionKey),
        sortKey: index.sortKey && attribute(index.sortKey),
        projectionType: PROJECTIONS[index.projection],
        ...(index.projection === 'INCLUDE' ? { nonKeyAttributes: [...(index.nonKeyAttributes ?? [])] } : {}),
      });
    }
    return table;
  }
}
