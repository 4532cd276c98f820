import type { DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';

/**
 * Client config for DynamoDB Local (or any emulator that accepts any credentials): fixed region and
 * placeholder credentials, so no AWS account or credential chain is involved.
 */
export function localClientConfig(endpoint: string, overrides: DynamoDBClientConfig = {}): DynamoDBClientConfig {
  return {
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    ...overrides,
  };
}
