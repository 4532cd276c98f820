// Embedded DynamoDB Local for the local stack and test runs (not for Lambda bundles).
export {};
