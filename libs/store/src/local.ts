// `@streamer/store/local`: embedded DynamoDB Local for the local stack and test runs (never a Lambda bundle).
export { startDynamoDbLocal } from './local/dynamodb-local';
export type { DynamoDbLocal } from './local/dynamodb-local';
export { toLambdaStreamRecord } from './local/stream-records';
export { createTables, deleteTables, localClientConfig } from './local/tables';
export { callsByOperation, countCalls } from './local/call-counter';
export { seedConnections } from './local/seed';
export type { CallCounter, StoreCall } from './local/call-counter';
