// The embedded DynamoDB helpers: clear failure without Java, idempotent table creation with TTL and stream.
import { DescribeTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { tableNamesFromEnv } from '../tables';
import { DynamoDbLocalError, startDynamoDbLocal } from './dynamodb-local';
import { createTables, localClientConfig } from './tables';

jest.setTimeout(30_000);

describe('startDynamoDbLocal', () => {
  it('explains how to get Java when none is found', async () => {
    const error: unknown = await startDynamoDbLocal({ java: '/nonexistent/bin/java' }).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(DynamoDbLocalError);
    expect((error as Error).message).toMatch(/Java 17\+ runtime.*openjdk-17-jre-headless.*DYNAMODB_ENDPOINT/);
  });
});

describe('createTables on the run emulator', () => {
  const client = new DynamoDBClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? ''));
  const tables = tableNamesFromEnv(process.env);

  afterAll(() => client.destroy());

  it('is idempotent and leaves TTL enabled on every table and a stream on requests', async () => {
    await createTables(client, tables);
    for (const name of Object.values(tables)) {
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));
      expect(ttl.TimeToLiveDescription).toMatchObject({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
    }
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tables.requests }));
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' });
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual(['ConnectionIdIndex', 'UserClientIndex']);
  });

  it('shows the same tables to a client with other credentials and region (-sharedDb)', async () => {
    await createTables(client, tables);
    const other = new DynamoDBClient(localClientConfig(process.env['DYNAMODB_ENDPOINT'] ?? '', { region: 'eu-west-3', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'secret' } }));
    try {
      const { TableNames = [] } = await other.send(new ListTablesCommand({}));
      expect(TableNames).toEqual(expect.arrayContaining(Object.values(tables)));
    } finally {
      other.destroy();
    }
  });

  it('gave this run an emulator on 127.0.0.1 unless DYNAMODB_ENDPOINT pointed elsewhere', () => {
    expect(process.env['DYNAMODB_ENDPOINT']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
