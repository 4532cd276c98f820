// Embedded DynamoDB Local for the local stack and test runs (not for Lambda bundles).
export { localClientConfig } from './local/client-config';
export { createTables, deleteTables } from './local/create-tables';
export { DynamoDbLocalError, javaRequiredMessage } from './local/dynamodb-local-error';
export { startDynamoDbLocal } from './local/start-dynamodb-local';
export type { DynamoDbLocal, StartDynamoDbLocalOptions } from './local/start-dynamodb-local';
export { toLambdaStreamRecord } from './local/stream-records';
